/**
 * Secrets (access tokens, passwords, API keys) never live in the config file: the config names an
 * environment variable or a file that holds them. They are read once at start-up and handed to the one
 * client that needs them; nothing logs them (the logger also redacts the usual key names).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, formatPath, resolveFrom, type LoadedConfig } from './load.js';

/** `{ env: NAME }` or `{ file: path }` (relative to the config file), exactly one of the two. */
export const secretRef = z
  .strictObject({
    env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name such as MATRIX_TOKEN').optional(),
    file: z.string().min(1).optional(),
  })
  .refine((s) => (s.env === undefined) !== (s.file === undefined), 'give exactly one of env or file');

export type SecretRef = z.infer<typeof secretRef>;

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
