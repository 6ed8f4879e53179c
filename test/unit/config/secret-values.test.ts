/**
 * Secret values the config check refuses (issue 13, finding 4): a line break or a control character
 * inside the value, or a value too short to be redacted safely. The problem names the key and where the
 * value was read from, never the value; a normal start refuses the same way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConfig } from '../../../src/check-config.js';
import { readConfiguredSecrets } from '../../../src/config/configured-secrets.js';
import { ConfigError, loadConfigFile } from '../../../src/config/load.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../config/', import.meta.url));
const HEAD = 'ghp_0123456789abcdef';
const TAIL = 'TAIL_OF_THE_TOKEN_42';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string> = {}): string {
  dir = mkdtempSync(join(tmpdir(), 'stagehand-secret-values-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const file = join(dir, 'stagehand.yaml');
  writeFileSync(
    file,
    `project: { name: go-ipfs, repo: ipfs/go-ipfs }
cadence: { anchor: "2019-09-09" }
templates: { dir: ${join(CONFIG_DIR, 'templates')}, checklist: ${join(CONFIG_DIR, 'release-checklist.md')} }
chat:
  matrix: { homeserverUrl: "https://m.example.org", accessToken: { file: matrix-token }, rooms: { release: ["#r:m.example.org"] } }
github: { token: { env: GH_TOKEN } }
`,
  );
  return file;
}

const neverQuoted = (report: string): void => {
  expect(report).not.toContain(HEAD);
  expect(report).not.toContain(TAIL);
};

describe('a secret value that could not be sent as it is', () => {
  it('a token with a line break inside is refused by --check-config, naming the key and the variable', () => {
    const file = write({ 'matrix-token': `syt_${TAIL}\n` });
    const check = checkConfig(file, { GH_TOKEN: `${HEAD}\n${TAIL}` });
    expect(check.ok).toBe(false);
    expect(check.report).toContain('  - github.token: the value in the environment variable GH_TOKEN contains a line break');
    neverQuoted(check.report);
  });

  it('in a file, a line break inside is refused while the trailing newline is dropped', () => {
    const file = write({ 'matrix-token': `${HEAD}\r\n${TAIL}\n` });
    const check = checkConfig(file, { GH_TOKEN: `${HEAD}${TAIL}\n` });
    expect(check.report.split('\n').slice(1)).toEqual([`  - chat.matrix.accessToken: the value in ${join(dir, 'matrix-token')} contains a line break (only one value, on one line, is allowed)`]);
    neverQuoted(check.report);
  });

  it('refuses a control character and a value too short to be a token, each by key', () => {
    const file = write({ 'matrix-token': `${HEAD}\u0007${TAIL}` });
    const check = checkConfig(file, { GH_TOKEN: 'abc' });
    expect(check.report).toContain('chat.matrix.accessToken: the value in');
    expect(check.report).toContain('contains a control character');
    expect(check.report).toContain('github.token: the value in the environment variable GH_TOKEN is shorter than 8 characters');
    neverQuoted(check.report);
  });

  it('a normal start refuses the same config before anything opens, listing every bad secret', () => {
    const file = write({ 'matrix-token': `${HEAD}\u0000${TAIL}` });
    const loaded = loadConfigFile(file);
    let thrown: unknown;
    try {
      readConfiguredSecrets(loaded, { GH_TOKEN: `${HEAD}\n${TAIL}` });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const { problems, message } = thrown as ConfigError;
    expect(problems).toEqual([
      `chat.matrix.accessToken: the value in ${join(dir, 'matrix-token')} contains a control character`,
      'github.token: the value in the environment variable GH_TOKEN contains a line break (only one value, on one line, is allowed)',
    ]);
    neverQuoted(message);
    writeFileSync(join(dir, 'matrix-token'), `${HEAD}\n`);
    expect(readConfiguredSecrets(loaded, { GH_TOKEN: ` ${HEAD}${TAIL}\n` })).toEqual([HEAD, `${HEAD}${TAIL}`]);
  });
});
