import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConfig } from '../../../src/check-config.js';
import { editDistance, keysAt } from '../../../src/config/typo-hint.js';
import { configSchema } from '../../../src/config/schema.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../config/', import.meta.url));
const TOKEN = 'syt_c2VjcmV0_THE-REAL-TOKEN-VALUE';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(yaml: string, files: Record<string, string> = {}): string {
  dir = mkdtempSync(join(tmpdir(), 'stagehand-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const file = join(dir, 'stagehand.yaml');
  writeFileSync(file, yaml);
  return file;
}

const TEMPLATES = `templates: { dir: ${join(CONFIG_DIR, 'templates')}, checklist: ${join(CONFIG_DIR, 'release-checklist.md')} }`;

describe('checkConfig', () => {
  it('passes the shipped configs and summarises what they set up', () => {
    dir = mkdtempSync(join(tmpdir(), 'stagehand-check-'));
    const local = checkConfig(join(CONFIG_DIR, 'default.yaml'), {});
    expect(local).toEqual({ ok: true, report: expect.stringMatching(/^config OK: .*default\.yaml: project go-ipfs \(ipfs\/go-ipfs\); chat: shell; github dry run, twitter dry run; 1 lead, 6 tester organisations; data in /) });
    const env = { STAGEHAND_MATRIX_TOKEN: TOKEN, STAGEHAND_IRC_PASSWORD: 'irc-password', GITHUB_TOKEN: 'ghp_token1', TWITTER_APP_KEY: 'app-key-1', TWITTER_APP_SECRET: 'app-secret-1', TWITTER_ACCESS_TOKEN: 'access-token-1', TWITTER_ACCESS_SECRET: 'access-secret-1' };
    const full = checkConfig(join(CONFIG_DIR, 'example.yaml'), env);
    expect(full.report).toMatch(/chat: matrix \(https:\/\/matrix\.example\.org, 4 rooms\), irc \(irc\.example\.org:6697, 3 channels\); github live, twitter live; 2 leads, 3 tester organisations/);
    expect(full.ok).toBe(true);
  });

  it('lists every problem at once, each by key path: wrong types, bad values, typos with a suggestion, a missing secret', () => {
    const file = write(`
project: { name: go-ipfs, repo: not-a-repo, defaultBrnch: main }
timezone: Europe/Berlin
cadence: { anchor: "2019-02-30", everyWeeks: "six" }
${TEMPLATES}
chat:
  matrix:
    homeserverUrl: https://matrix.example.org
    accessToken: { env: STAGEHAND_MATRIX_TOKEN }
    rooms: { release: ["#release:example.org"], anounce: [] }
  irc:
    host: irc.example.org
    nik: stagehand
    sasl: { account: stagehand, password: { file: irc-password } }
    channels: { release: ["#release"] }
`);
    const check = checkConfig(file, {});
    expect(check.ok).toBe(false);
    expect(check.report.split('\n')).toEqual([
      `${file}: 10 problems:`,
      '  - project.repo: must be owner/name',
      '  - project.defaultBrnch: unknown key (a typo? did you mean defaultBranch?)',
      '  - cadence.anchor: is not a real date',
      '  - cadence.everyWeeks: must be a number, not text',
      '  - chat.matrix.rooms.anounce: unknown key (a typo? did you mean announce?)',
      '  - chat.irc.nick: required (text)',
      '  - chat.irc.nik: unknown key (a typo? did you mean nick?)',
      '  - timezone: unknown key (a typo? did you mean timeZone?)',
      // Secrets are looked for even though other keys are wrong.
      '  - chat.matrix.accessToken: the environment variable STAGEHAND_MATRIX_TOKEN is not set',
      `  - chat.irc.sasl.password: no such file: ${join(dir, 'irc-password')}`,
      '(checks across keys, such as leads being listed under people, run once these are fixed)',
    ]);
  });

  it('reads secrets to prove they are there but never prints them; a key far from any known one gets no guess', () => {
    const file = write(
      `
project: { name: go-ipfs, repo: ipfs/go-ipfs }
cadence: { anchor: "2019-09-09" }
${TEMPLATES}
chat:
  matrix:
    homeserverUrl: https://matrix.example.org
    accessToken: { file: matrix-token }
    rooms: { release: ["#release:example.org"] }
github: { token: { env: GH_TOKEN }, colour: blue }
`,
      { 'matrix-token': `${TOKEN}\n` },
    );
    const check = checkConfig(file, { GH_TOKEN: 'ghp_SECRETSECRET' });
    expect(check.report.split('\n').slice(1)).toEqual([
      '  - github.colour: unknown key (a typo?)',
      '(checks across keys, such as leads being listed under people, run once these are fixed)',
    ]);
    expect(check.report).not.toContain(TOKEN);
    expect(check.report).not.toContain('SECRETSECRET');
  });

  it('reports templates that do not load, and checks across keys once the rest is valid', () => {
    const file = write(`
project: { name: go-ipfs, repo: ipfs/go-ipfs }
cadence: { anchor: "2019-09-09" }
templates: { dir: no-such-folder }
leads: [carol]
`);
    const check = checkConfig(file, {});
    expect(check.ok).toBe(false);
    expect(check.report).toMatch(/\n {2}- templates: .*no-such-folder/);
    expect(check.report).toContain('  - leads[0]: "carol" is not listed under people');
  });

  it('names a file that cannot be read or is not YAML', () => {
    expect(checkConfig('/nonexistent/stagehand.yaml', {}).report).toBe('no such file: /nonexistent/stagehand.yaml');
    const file = write('project: [unclosed');
    expect(checkConfig(file, {}).report).toMatch(/: 1 problem:\n {2}- not valid YAML at line \d+, column \d+: /);
  });
});

describe('typo hints', () => {
  it('knows the keys at each place in the schema, through optional, default, array and record wrappers', () => {
    expect(keysAt(configSchema, ['chat', 'irc'])).toEqual(['host', 'port', 'tls', 'nick', 'sasl', 'channels', 'sendRate', 'reconnect']);
    expect(keysAt(configSchema, ['testers', 0])).toEqual(['org', 'people', 'environments']);
    expect(keysAt(configSchema, ['people', 'alice'])).toEqual(['name', 'shell', 'matrix', 'irc']);
    expect(keysAt(configSchema, ['process', 'signoff'])).toEqual(['rule', 'minOk']);
  });

  it('measures edit distance', () => {
    expect(editDistance('nik', 'nick')).toBe(1);
    expect(editDistance('timezone', 'timezone')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('tsl', 'tls')).toBe(1);
  });
});
