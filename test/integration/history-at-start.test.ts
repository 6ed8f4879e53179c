/**
 * Local mode's history file is read at start before the first command is handled: a rehearsal script whose
 * first line starts a patch release sees the project's history (its version rules, its branch base).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { npmStart, postLines, REPO_ROOT } from '../helpers/run.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stagehand-history-start-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** config/default.yaml, its paths made absolute, with a history file of v0.4.18 to v0.4.21. */
function configWithHistory(): string {
  writeFileSync(join(dir, 'history.txt'), 'v0.4.18\nv0.4.19\nv0.4.20\nv0.4.21\n');
  const text = readFileSync(join(REPO_ROOT, 'config', 'default.yaml'), 'utf8')
    .replace(/^ {2}dir: templates$/m, `  dir: ${join(REPO_ROOT, 'config', 'templates')}`)
    .replace(/^ {2}checklist: release-checklist\.md$/m, `  checklist: ${join(REPO_ROOT, 'config', 'release-checklist.md')}\nhistory:\n  file: ${join(dir, 'history.txt')}`)
    .replace(/^web: .*$/m, 'web: { host: 127.0.0.1, port: 0 }');
  const file = join(dir, 'stagehand.yaml');
  writeFileSync(file, text);
  return file;
}

describe('local mode with a history file', () => {
  it('has imported it before the first line: a patch branches from the latest tag of its line, a released version is refused', async () => {
    const result = await npmStart(['--config', configWithHistory(), '--data', join(dir, 'data')], { input: ['!release new v0.4.20', '!release new v0.4.22'] });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('v0.4.20 was already released.');
    expect(postLines(result.stdout)).toContain('[github] create branch release-v0.4.22 from v0.4.21 (unless it exists)');
  });
});
