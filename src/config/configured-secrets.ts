/**
 * Every secret the configuration names, read at start-up before anything else opens: a bad one stops the
 * start with the same message `--check-config` gives, and the values build the app's Redactor, which keeps
 * them out of every output. (The clients read their own secret again through readSecret, from the same
 * variable or file.)
 */
import { ConfigError, type LoadedConfig } from './load.js';
import type { SecretRef } from './secret-ref.js';
import { readSecret } from './secret.js';

export function readConfiguredSecrets(loaded: LoadedConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const { chat, github, twitter } = loaded.config;
  const refs: [SecretRef, string[]][] = [
    ...(chat.matrix ? [[chat.matrix.accessToken, ['chat', 'matrix', 'accessToken']] as [SecretRef, string[]]] : []),
    ...(chat.irc?.sasl ? [[chat.irc.sasl.password, ['chat', 'irc', 'sasl', 'password']] as [SecretRef, string[]]] : []),
    ...(github ? [[github.token, ['github', 'token']] as [SecretRef, string[]]] : []),
    ...(twitter ? (['appKey', 'appSecret', 'accessToken', 'accessSecret'] as const).map((k): [SecretRef, string[]] => [twitter[k], ['twitter', k]]) : []),
  ];
  const values: string[] = [];
  const problems: string[] = [];
  for (const [ref, path] of refs) {
    try {
      values.push(readSecret(loaded, ref, path, env));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(loaded.file, problems);
  return values;
}
