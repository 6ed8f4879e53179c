/**
 * `github.app` (issue 16): exactly one of github.token and github.app, and a private key that
 * `--check-config` and the start check as a PEM private key with node:crypto, naming the key and where it
 * was expected, never quoting a byte of it. The key's value and lines go to the Redactor.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { githubSection } from '../../../src/config/github-config.js';
import { checkConfig } from '../../../src/check-config.js';
import { readConfiguredSecrets } from '../../../src/config/configured-secrets.js';
import { loadConfigFile } from '../../../src/config/load.js';
import { Redactor } from '../../../src/log/redactor.js';
import { appKeys, type AppKeys } from '../../helpers/live-fakes-app.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../config/', import.meta.url));
const DOC = fileURLToPath(new URL('../../../docs/github-app.md', import.meta.url));
let keys: AppKeys;
let dir: string;

beforeAll(() => {
  keys = appKeys();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(github: string, files: Record<string, string> = {}): string {
  dir = mkdtempSync(join(tmpdir(), 'stagehand-github-app-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const file = join(dir, 'stagehand.yaml');
  writeFileSync(
    file,
    `project: { name: go-ipfs, repo: ipfs/go-ipfs }
cadence: { anchor: "2019-09-09" }
templates: { dir: ${join(CONFIG_DIR, 'templates')}, checklist: ${join(CONFIG_DIR, 'release-checklist.md')} }
chat: { shell: {} }
github: ${github}
`,
  );
  return file;
}

/** The body lines of a PEM: none of them may appear in a report. */
const linesOf = (pem: string): string[] => pem.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
const quotesNothingOf = (report: string, pem: string): void => {
  for (const line of linesOf(pem)) expect(report).not.toContain(line);
};
const APP = '{ app: { appId: 104729, privateKey: { file: app.pem } } }';

describe('github.app in the config', () => {
  it('accepts the PEM GitHub generates (PKCS#1), in a file or in a variable with \\n for its line breaks', () => {
    const ok = checkConfig(write(APP, { 'app.pem': keys.privateKeyPem }), {});
    expect(ok.report).toMatch(/^config OK: .*github live \(App 104729\)/);
    const pkcs8 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const fromEnv = checkConfig(write('{ app: { appId: 104729, privateKey: { env: APP_KEY }, installationId: 7 } }'), { APP_KEY: pkcs8.replace(/\n/g, '\\n') });
    expect(fromEnv.ok, fromEnv.report).toBe(true);
  });

  it('refuses a key that is not a readable PEM private key, naming the key and never quoting it', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const truncated = keys.privateKeyPem.split('\n').slice(0, 12).join('\n') + '\n-----END RSA PRIVATE KEY-----\n';
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString();
    const cases: [string, string, RegExp][] = [
      ['the public key', publicPem, /is not a PEM private key/],
      ['a truncated key', truncated, /is not a readable PEM private key \(node:crypto: ERR_[A-Z_]+\)/],
      ['an EC key', ec, /holds a private key of type ec; a GitHub App key is RSA/],
      ['an encrypted key', encrypted, /holds a private key encrypted with a passphrase/],
      ['an encrypted PKCS#1 key', privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString(), /holds a private key encrypted with a passphrase/],
      ['the key base64 without its PEM lines', linesOf(keys.privateKeyPem).join(''), /is not a PEM private key/],
    ];
    for (const [what, text, problem] of cases) {
      const check = checkConfig(write(APP, { 'app.pem': text }), {});
      expect(check.ok, what).toBe(false);
      expect(check.report.split('\n').slice(1), what).toEqual([expect.stringMatching(new RegExp(`^  - github\\.app\\.privateKey: ${join(dir, 'app.pem').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} ${problem.source}`))]);
      quotesNothingOf(check.report, text);
      quotesNothingOf(check.report, keys.privateKeyPem);
    }
  });

  it('names the file or variable that is missing', () => {
    expect(checkConfig(write(APP), {}).report).toContain(`  - github.app.privateKey: no such file: ${join(dir, 'app.pem')}`);
    expect(checkConfig(write('{ app: { appId: 1, privateKey: { env: APP_KEY } } }'), {}).report).toContain('  - github.app.privateKey: the environment variable APP_KEY is not set');
  });

  it('refuses both github.token and github.app, and neither, naming the key', () => {
    const both = checkConfig(write('{ token: { env: GH_TOKEN }, app: { appId: 104729, privateKey: { file: app.pem } } }', { 'app.pem': keys.privateKeyPem }), { GH_TOKEN: 'ghp_0123456789abcdef' });
    expect(both.ok).toBe(false);
    expect(both.report).toContain('  - github.app: give github.token or github.app, not both (an App replaces the personal token)');
    quotesNothingOf(both.report, keys.privateKeyPem);
    const neither = checkConfig(write('{ apiUrl: "https://api.github.com" }'), {});
    expect(neither.report).toContain('  - github.token: required (a personal access token), or github.app instead (a GitHub App installation)');
  });

  it('checks the App ID and installation ID', () => {
    const report = checkConfig(write('{ app: { appId: "my app", privateKey: { file: app.pem }, installationId: -3 } }', { 'app.pem': keys.privateKeyPem }), {}).report;
    expect(report).toMatch(/github\.app\.appId: /);
    expect(report).toContain('github.app.installationId: must be more than 0');
  });

  it('hands the key, whole and line by line, to the Redactor', () => {
    const loaded = loadConfigFile(write(APP, { 'app.pem': keys.privateKeyPem }));
    const redactor = new Redactor(readConfiguredSecrets(loaded, {}));
    const line = linesOf(keys.privateKeyPem)[5]!;
    expect(redactor.text(`openssl said: ${line}`)).toBe('openssl said: [redacted]');
    expect(redactor.text(JSON.stringify({ key: keys.privateKeyPem }))).not.toContain(line);
    expect(redactor.text(linesOf(keys.privateKeyPem).join(''))).toBe('[redacted]');
  });

  it('the App setup that config/example.yaml (commented) and docs/github-app.md show is a valid github section', () => {
    const lines = readFileSync(join(CONFIG_DIR, 'example.yaml'), 'utf8').split('\n');
    const at = lines.indexOf('  # app:');
    const block = [lines[at]!];
    for (const line of lines.slice(at + 1)) if (line.startsWith('  #   ')) block.push(line);
    else break;
    const example = parse(`github:\n${block.map((l) => l.replace(/^ {2}# /, '  ')).join('\n')}\n`) as { github: unknown };
    expect(githubSection.safeParse(example.github)).toMatchObject({ success: true, data: { app: { appId: 123456, privateKey: { file: '/etc/stagehand/github-app.pem' }, installationId: 45678901 } } });
    const doc = /```yaml\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'))![1]!;
    const documented = githubSection.safeParse((parse(doc) as { github: unknown }).github);
    expect(documented).toMatchObject({ success: true, data: { app: { appId: 123456, installationId: 45678901 } } });
  });
});
