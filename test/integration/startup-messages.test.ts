/**
 * Issue 15 "Start-up", through the real `npm start`: --version, a missing config file, a YAML error, and a
 * normal start that lists every config problem at once (as --check-config does).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { npmStart, REPO_ROOT } from '../helpers/run.js';

const dir = mkdtempSync(join(tmpdir(), 'stagehand-startup-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRETS = ['STAGEHAND_MATRIX_TOKEN', 'STAGEHAND_IRC_PASSWORD', 'GITHUB_TOKEN', 'TWITTER_APP_KEY', 'TWITTER_APP_SECRET', 'TWITTER_ACCESS_TOKEN', 'TWITTER_ACCESS_SECRET'];
const unset = Object.fromEntries(SECRETS.map((name) => [name, undefined]));

it('--version prints "stagehand <version>" from package.json and exits 0, even with a config that does not exist', async () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const result = await npmStart(['--version'], { env: { STAGEHAND_CONFIG: join(dir, 'missing.yaml') } });
  expect(result).toMatchObject({ code: 0, stdout: `stagehand ${version}\n`, stderr: '' });
});

it('a missing config file: "no such file: <path>", exit 2', async () => {
  const missing = join(dir, 'nope.yaml');
  const result = await npmStart(['--config', missing, '--data', join(dir, 'data')]);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`stagehand: no such file: ${missing}\n`);
});

it('a YAML error: line, column and the excerpt with a caret, no line ending in a colon', async () => {
  const file = join(dir, 'broken.yaml');
  writeFileSync(file, 'project: { name: go-ipfs, repo: ipfs/go-ipfs }\ntimeZone: [UTC\ncommandPrefix: "!"\n');
  const result = await npmStart(['--config', file, '--data', join(dir, 'data')]);
  expect(result.code).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines[0]).toBe(`stagehand: ${file}: 1 problem:`);
  expect(lines[1]).toMatch(/^ {2}- not valid YAML at line 3, column \d+: \S.*[^:]$/);
  expect(lines.at(-1)).toMatch(/^ {4} *\^$/);
  expect(lines.slice(2, -1)).toContain('    commandPrefix: "!"');
});

it('a normal start names every problem at once: a typo and all seven missing secrets', async () => {
  const file = join(dir, 'typo.yaml');
  writeFileSync(file, readFileSync(join(REPO_ROOT, 'config', 'example.yaml'), 'utf8').replace('everyWeeks: 6', 'everyweeks: 6'));
  const result = await npmStart(['--config', file, '--data', join(dir, 'data')], { env: unset });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(new RegExp(`^stagehand: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ problems:\n`));
  expect(result.stderr).toContain('  - cadence.everyweeks: unknown key (a typo? did you mean everyWeeks?)');
  for (const name of SECRETS) expect(result.stderr).toContain(`the environment variable ${name} is not set`);
  // The same list --check-config gives (it exits 1; a refused start exits 2).
  const check = await npmStart(['--check-config', '--config', file], { env: unset });
  expect(`stagehand: ${check.stderr}`).toBe(result.stderr);
});
