/**
 * A GitHub App's private key: the PEM file GitHub generates (PKCS#1 `BEGIN RSA PRIVATE KEY`, or PKCS#8),
 * read from its file or environment variable. It is checked with node:crypto's createPrivateKey, the same
 * parser that signs the App's JWTs, so a key that would fail at the first request fails at start-up and in
 * `--check-config` instead. Problems name the key and where it was expected, never a byte of its content.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, formatPath, resolveFrom, type LoadedConfig } from './load.js';
import type { SecretRef } from './secret-ref.js';
import { fileProblem } from '../ground/file-problem.js';

/** Where the schema allows a private key (its SecretRef is not in SECRET_PATHS: a PEM spans lines). */
export const PRIVATE_KEY_PATHS: readonly (readonly string[])[] = [['github', 'app', 'privateKey']];

/** A PEM file is a few kilobytes; anything far bigger is not a key (and is not parsed). */
const MAX_PEM_LENGTH = 64 * 1024;

/** The PEM text, trimmed; a ConfigError naming `keyPath` when it is missing, unreadable or not a private key. */
export function readPrivateKey(loaded: LoadedConfig, ref: SecretRef, keyPath: readonly PropertyKey[], env: NodeJS.ProcessEnv = process.env): string {
  const key = formatPath(keyPath);
  const problem = (text: string): ConfigError => new ConfigError(loaded.file, [`${key}: ${text}`]);
  let value: string | undefined;
  let where: string;
  if (ref.env !== undefined) {
    where = `the environment variable ${ref.env}`;
    value = env[ref.env];
    if (value === undefined || value.trim() === '') throw problem(`${where} is not set`);
  } else {
    where = resolveFrom(loaded, ref.file!);
    try {
      value = readFileSync(where, 'utf8');
    } catch (error) {
      throw problem(fileProblem(where, error));
    }
    if (value.trim() === '') throw problem(`${where} is empty`);
  }
  if (value.length > MAX_PEM_LENGTH) throw problem(`${where} holds ${value.length} characters: too long for a PEM private key`);
  // An environment variable often carries the PEM on one line with `\n` for its line breaks (as Probot reads it).
  const pem = value.replace(/\\n/g, '\n').replace(/\r\n?/g, '\n').trim();
  const unreadable = pemProblem(pem);
  if (unreadable) throw problem(`${where} ${unreadable}`);
  return pem;
}

const ENCRYPTED = 'holds a private key encrypted with a passphrase; give the key GitHub generated, unencrypted';

/** What is wrong with `pem` as an RSA private key, in words that never quote it; null when nothing. */
function pemProblem(pem: string): string | null {
  if (!/^-----BEGIN [A-Z ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z ]*PRIVATE KEY-----$/.test(pem)) {
    return 'is not a PEM private key (the .pem file GitHub generates, from -----BEGIN … PRIVATE KEY----- to -----END … PRIVATE KEY-----)';
  }
  // OpenSSL would ask for the passphrase (and answer with a code that says nothing of it).
  if (/^-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type: 4,ENCRYPTED$/m.test(pem)) return ENCRYPTED;
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    // GitHub signs Apps' JWTs with RS256 only.
    if (key.asymmetricKeyType !== 'rsa') return `holds a private key of type ${key.asymmetricKeyType ?? 'unknown'}; a GitHub App key is RSA`;
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MISSING_PASSPHRASE') return ENCRYPTED;
    // Only the error's code: OpenSSL's messages are safe today, but a parser quoting its input must not leak the key.
    return `is not a readable PEM private key (node:crypto: ${code ?? 'unreadable'})`;
  }
}

/**
 * What the Redactor must know of a key to keep it out of every output: the whole PEM, its body on one line,
 * and each of its lines (a log that quotes part of the file, a line-wrapped paste, still loses nothing).
 */
export function privateKeyForms(pem: string): string[] {
  const body = pem.split('\n').filter((line) => !line.startsWith('-----'));
  return [pem, body.join(''), ...body.filter((line) => line.trim().length >= 16).map((line) => line.trim())];
}
