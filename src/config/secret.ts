/**
 * Secrets (access tokens, passwords, API keys) never live in the config file: the config names an
 * environment variable or a file that holds them. They are read once at start-up and handed to the one
 * client that needs them; nothing logs them (the logger also redacts the usual key names).
 */
import { readFileSync } from 'node:fs';
import { MIN_SECRET_LENGTH } from '../log/redactor.js';
import { ConfigError, formatPath, resolveFrom, type LoadedConfig } from './load.js';
import type { SecretRef } from './secret-ref.js';
import { fileProblem } from '../ground/file-problem.js';

/**
 * The secret's value. A missing variable, an unreadable or empty file is a ConfigError naming the key
 * (`chat.matrix.accessToken`) and where the secret was expected, never the value. So is a value with a
 * line break or another control character inside it (it would break the header or line it is sent in,
 * and the client's error would quote it), and one shorter than MIN_SECRET_LENGTH (the exact value is
 * redacted from every output: a two-letter "password" would be cut out of ordinary words).
 */
export function readSecret(
  loaded: LoadedConfig,
  ref: SecretRef,
  keyPath: readonly PropertyKey[],
  env: NodeJS.ProcessEnv = process.env,
): string {
  const key = formatPath(keyPath);
  let value: string | undefined;
  let where: string;
  if (ref.env !== undefined) {
    where = `the environment variable ${ref.env}`;
    value = env[ref.env];
    if (value === undefined || value.trim() === '') throw new ConfigError(loaded.file, [`${key}: ${where} is not set`]);
  } else {
    const path = resolveFrom(loaded, ref.file!);
    where = path;
    try {
      value = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(loaded.file, [`${key}: ${fileProblem(path, error)}`]);
    }
    if (value.trim() === '') throw new ConfigError(loaded.file, [`${key}: ${path} is empty`]);
  }
  // Files usually end with a newline (`echo token > file`), and a token never has whitespace at its ends:
  // what surrounds the value is dropped, what is inside it is checked.
  const secret = value.trim();
  const problem = problemOf(secret);
  if (problem) throw new ConfigError(loaded.file, [`${key}: the value in ${where} ${problem}`]);
  return secret;
}

/** What is wrong with a secret's (trimmed) value, in words that never quote it; null when nothing. */
function problemOf(secret: string): string | null {
  if (/[\r\n\u0085\u2028\u2029]/.test(secret)) return 'contains a line break (only one value, on one line, is allowed)';
  // C0 and C1 controls and DEL; a tab too: no token or password has one.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(secret)) return 'contains a control character';
  if (secret.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters: too short to be a real token or password`;
  return null;
}
