/**
 * Secrets (access tokens, passwords, API keys) never live in the config file: the config names an
 * environment variable or a file that holds them. They are read once at start-up and handed to the one
 * client that needs them; nothing logs them (the logger also redacts the usual key names).
 */
import { readFileSync } from 'node:fs';
import { ConfigError, formatPath, resolveFrom, type LoadedConfig } from './load.js';
import type { SecretRef } from './secret-ref.js';

/**
 * The secret's value. A missing variable, an unreadable or empty file is a ConfigError naming the key
 * (`chat.matrix.accessToken`) and where the secret was expected, never the value.
 */
export function readSecret(
  loaded: LoadedConfig,
  ref: SecretRef,
  keyPath: readonly PropertyKey[],
  env: NodeJS.ProcessEnv = process.env,
): string {
  const key = formatPath(keyPath);
  let value: string | undefined;
  if (ref.env !== undefined) {
    value = env[ref.env];
    if (value === undefined || value.trim() === '') throw new ConfigError(loaded.file, [`${key}: the environment variable ${ref.env} is not set`]);
  } else {
    const path = resolveFrom(loaded, ref.file!);
    try {
      value = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(loaded.file, [`${key}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
    if (value.trim() === '') throw new ConfigError(loaded.file, [`${key}: ${path} is empty`]);
  }
  // Files usually end with a newline, and a token never contains whitespace at its ends.
  return value.trim();
}
