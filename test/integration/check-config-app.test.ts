/** `npm start -- --check-config` with a GitHub App whose private key is not usable: exit 1, the key named, never printed. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { npmStart, REPO_ROOT } from '../helpers/run.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('refuses a private key that is not a readable PEM, naming github.app.privateKey, printing nothing of it', async () => {
  dir = mkdtempSync(join(tmpdir(), 'stagehand-check-app-'));
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  // A key damaged in the copy: its middle lines lost.
  const lines = pem.trim().split('\n');
  writeFileSync(join(dir, 'app.pem'), [...lines.slice(0, 8), ...lines.slice(-4)].join('\n'));
  const file = join(dir, 'stagehand.yaml');
  writeFileSync(
    file,
    `project: { name: go-ipfs, repo: ipfs/go-ipfs }
cadence: { anchor: "2019-09-09" }
templates: { dir: ${join(REPO_ROOT, 'config/templates')}, checklist: ${join(REPO_ROOT, 'config/release-checklist.md')} }
chat: { shell: {} }
github: { app: { appId: 104729, privateKey: { file: app.pem } } }
`,
  );
  const bad = await npmStart(['--check-config', '--config', file]);
  expect(bad.code).toBe(1);
  expect(bad.stdout).toBe('');
  expect(bad.stderr.split('\n')).toEqual([
    `${file}: 1 problem:`,
    expect.stringMatching(new RegExp(`^  - github\\.app\\.privateKey: ${join(dir, 'app.pem').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a readable PEM private key \\(node:crypto: ERR_[A-Z_]+\\)$`)),
    '',
  ]);
  for (const line of lines.filter((l) => !l.startsWith('-----'))) expect(bad.stderr).not.toContain(line);
});
