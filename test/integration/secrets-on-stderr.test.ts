/**
 * Issue 13, finding 4, on the last output there is: what `node dist/src/main.js` writes to stderr when it
 * cannot start or fails unexpectedly. Such a message quotes paths, servers' answers and stacks, so it goes
 * through the same redactor as the log once the configured secrets are read.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_CONFIG_FILE } from '../helpers/test-app.js';
import { run } from '../helpers/run.js';

const TOKEN = 'Zq7notShapedLikeAToken9x';
let root: string;
let configFile: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'stagehand-stderr-'));
  const configDir = join(DEFAULT_CONFIG_FILE, '..');
  cpSync(join(configDir, 'templates'), join(root, 'templates'), { recursive: true });
  cpSync(join(configDir, 'release-checklist.md'), join(root, 'release-checklist.md'));
  // Local mode plus a GitHub token read from the environment (nothing is contacted: the start fails first).
  const config = readFileSync(DEFAULT_CONFIG_FILE, 'utf8').replace('dataDir: ../data', 'dataDir: data');
  configFile = join(root, 'stagehand.yaml');
  writeFileSync(configFile, `${config}\ngithub:\n  apiUrl: http://127.0.0.1:9\n  token: { env: STAGEHAND_STDERR_TEST_TOKEN }\n`);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('a start refused with a message quoting a configured secret says it redacted', async () => {
  // A data directory under a path that holds the token's value, and is a file: the refusal names that path.
  const blocker = join(root, TOKEN);
  writeFileSync(blocker, 'not a directory\n');
  const result = await run(process.execPath, ['dist/src/main.js', '--config', configFile, '--data', join(blocker, 'data')], {
    env: { STAGEHAND_STDERR_TEST_TOKEN: TOKEN },
  });
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(/^stagehand: cannot create .*\[redacted\].* is not a directory\n$/);
  expect(result.stderr + result.stdout).not.toContain(TOKEN);
});

it('a failure nobody awaited, quoting a configured secret, is written redacted and ends the process with 1', async () => {
  // Loaded before main (`--import`): once the store exists (so the secrets have been read), something
  // rejects with the token in its message and no one handles it.
  const dataDir = join(root, 'unhandled-data');
  const preload = join(root, 'reject-later.mjs');
  writeFileSync(
    preload,
    `import { existsSync } from 'node:fs';
const timer = setInterval(() => {
  if (!existsSync(${JSON.stringify(join(dataDir, 'stagehand.db'))})) return;
  clearInterval(timer);
  Promise.reject(new Error('the server said: bad credentials ' + ${JSON.stringify(TOKEN)}));
}, 5);
`,
  );
  const result = await run(process.execPath, ['--import', preload, 'dist/src/main.js', '--config', configFile, '--data', dataDir], {
    env: { STAGEHAND_STDERR_TEST_TOKEN: TOKEN },
    input: ['/time +1h', '/time +1h', '/time +1h'],
  });
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toContain('stagehand: unexpected failure: Error: the server said: bad credentials [redacted]');
  expect(result.stderr + result.stdout).not.toContain(TOKEN);
});
