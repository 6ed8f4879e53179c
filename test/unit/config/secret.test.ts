import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, type LoadedConfig } from '../../../src/config/load.js';
import { secretRef } from '../../../src/config/secret-ref.js';
import { readSecret } from '../../../src/config/secret.js';

const dir = mkdtempSync(join(tmpdir(), 'secret-'));
const loaded = { file: join(dir, 'stagehand.yaml'), baseDir: dir } as LoadedConfig;

describe('secrets from env or file', () => {
  it('reads an environment variable', () => {
    expect(readSecret(loaded, { env: 'TOKEN' }, ['chat', 'matrix', 'accessToken'], { TOKEN: 'syt_abcdef\n' })).toBe('syt_abcdef');
  });

  it('reads a file relative to the config, trimming the newline', () => {
    writeFileSync(join(dir, 'token'), 'syt_file\n');
    expect(readSecret(loaded, { file: 'token' }, ['x'], {})).toBe('syt_file');
  });

  it('names the key and the variable, never a value, when the variable is missing', () => {
    const attempt = () => readSecret(loaded, { env: 'NOPE' }, ['chat', 'irc', 'sasl', 'password'], {});
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/chat\.irc\.sasl\.password: the environment variable NOPE is not set/);
  });

  it('refuses an unreadable or empty file, naming the key', () => {
    writeFileSync(join(dir, 'empty'), '\n');
    expect(() => readSecret(loaded, { file: 'empty' }, ['github', 'token'], {})).toThrow(/github\.token: .*empty/);
    expect(() => readSecret(loaded, { file: 'missing' }, ['github', 'token'], {})).toThrow(/github\.token: no such file: .*missing/);
  });

  it('takes exactly one of env and file', () => {
    expect(secretRef.safeParse({ env: 'A', file: 'b' }).success).toBe(false);
    expect(secretRef.safeParse({}).success).toBe(false);
    expect(secretRef.safeParse({ env: 'lower' }).success).toBe(false);
    expect(secretRef.safeParse({ env: 'MATRIX_TOKEN' }).success).toBe(true);
  });
});
