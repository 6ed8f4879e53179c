/**
 * Every secret the configuration names, read at start-up before anything else opens: a bad one stops the
 * start with the same message `--check-config` gives, and the values build the app's Redactor, which keeps
 * them out of every output. (The clients read their own secret again through readSecret, from the same
 * variable or file.)
 */
import { ConfigError, type LoadedConfig } from './load.js';
import type { SecretRef } from './secret-ref.js';
import { readSecret } from './secret.js';
import { PRIVATE_KEY_PATHS, privateKeyForms, readPrivateKey } from './private-key.js';

/** Where the schema allows a secret reference (`--check-config` checks the same places). */
export const SECRET_PATHS: readonly (readonly string[])[] = [
  ['chat', 'matrix', 'accessToken'],
  ['chat', 'irc', 'sasl', 'password'],
  ['github', 'token'],
  ['github', 'webhooks', 'secret'],
  ...['appKey', 'appSecret', 'accessToken', 'accessSecret'].map((k) => ['twitter', k]),
];

/** What `raw` holds at `path` (undefined where a part of the path is missing). */
export function valueAt(raw: unknown, path: readonly string[]): unknown {
  let value = raw;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

export function readConfiguredSecrets(loaded: LoadedConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const refs = SECRET_PATHS.flatMap((path): [SecretRef, string[]][] => {
    const ref = valueAt(loaded.config, path) as SecretRef | undefined;
    return ref === undefined ? [] : [[ref, [...path]]];
  });
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
  // A GitHub App's private key: a PEM, checked as a key, and redacted whole and line by line.
  for (const path of PRIVATE_KEY_PATHS) {
    const ref = valueAt(loaded.config, path) as SecretRef | undefined;
    if (ref === undefined) continue;
    try {
      values.push(...privateKeyForms(readPrivateKey(loaded, ref, path, env)));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(loaded.file, problems);
  return values;
}
