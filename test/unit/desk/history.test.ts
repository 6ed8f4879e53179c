/**
 * History without GitHub: the tag parser, local mode's history file, and the migration that gives every
 * stored release a process.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHistoryFile } from '../../../src/desk/file-history.js';
import { parseReleaseTag, versionTags } from '../../../src/release/tag-history.js';
import { migrate } from '../../../src/store/database.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

describe('release tags', () => {
  it('reads vX.Y.Z and vX.Y.Z-rcN and ignores every other tag', () => {
    expect(parseReleaseTag('v0.4.21')).toEqual({ version: { major: 0, minor: 4, patch: 21 }, rc: null });
    expect(parseReleaseTag('v0.4.22-rc3')).toEqual({ version: { major: 0, minor: 4, patch: 22 }, rc: 3 });
    for (const other of ['latest', 'v0.4.22-dev', '0.4.21', 'v0.4', 'v0.4.21-rc0', 'v0.04.1', 'gx/v0.4.21', 'v0.4.21 ', 'v٠.4.21', `v0.4.${'1'.repeat(100)}`]) {
      expect(parseReleaseTag(other), other).toBeNull();
    }
  });

  it('groups tags by version: RCs ascending, released when the final tag exists, dated by its GitHub release', () => {
    const tags = versionTags([
      { name: 'v0.4.22-rc2' },
      { name: 'v0.4.21' },
      { name: 'v0.4.22-rc1' },
      { name: 'v0.4.21', at: 5 },
      { name: 'v0.4.21-rc1' },
      { name: 'v0.10.0' },
    ]);
    expect(tags).toEqual([
      { version: { major: 0, minor: 4, patch: 21 }, rcs: [1], released: true, releasedAt: 5 },
      { version: { major: 0, minor: 4, patch: 22 }, rcs: [1, 2], released: false, releasedAt: null },
      { version: { major: 0, minor: 10, patch: 0 }, rcs: [], released: true, releasedAt: null },
    ]);
  });
});

describe('the history file', () => {
  it('takes one version per line or a YAML list, with comments and blank lines', () => {
    expect(parseHistoryFile('# go-ipfs\nv0.4.20\n0.4.21   # the last one\n\nv0.4.22-rc1\r\n').map((r) => r.name)).toEqual(['v0.4.20', 'v0.4.21', 'v0.4.22-rc1']);
    expect(parseHistoryFile('- v0.4.20\n- "0.4.21"\n').map((r) => r.name)).toEqual(['v0.4.20', 'v0.4.21']);
  });

  it('refuses a line that is not a version, naming it', () => {
    expect(() => parseHistoryFile('v0.4.20\nlatest\n', 'history file h.txt')).toThrow('history file h.txt, line 2: "latest" is not a version such as v0.4.21 or v0.4.22-rc1');
  });

  let t: TestApp | undefined;
  let dir = '';
  afterEach(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lets local mode rehearse with history: sync imports it, the rules and the patch branch base follow it, adopt takes over the RC', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stagehand-history-'));
    writeFileSync(join(dir, 'history.txt'), 'v0.4.18\nv0.4.19\nv0.4.20\nv0.4.21\nv0.4.22-rc1\n');
    t = createTestApp({ configure: (config) => ({ ...config, history: { file: join(dir, 'history.txt') } }) });
    const synced = await t.say('!release sync');
    expect(synced.text).toContain('Imported 4 past releases from history file history.txt: v0.4.18, v0.4.19, v0.4.20, v0.4.21. Nothing was posted.');
    expect(synced.text).toContain('v0.4.22 is in flight');
    expect(t.app.store.releases.byVersion('v0.4.20')).toMatchObject({ origin: 'history-file', status: 'released', endedAt: null });
    expect((await t.say('!release new v0.4.17')).text).toBe('v0.4.17 is not above v0.4.21, the latest release of the 0.4 line.');
    t.takeOutput();
    const adopted = await t.say('!release adopt v0.4.22 --stage 1');
    expect(adopted.tone, adopted.text).toBe('ok');
    // Only the release issue (found if it exists, else opened): no branch, no pre-release, no chat.
    expect(t.takePosts()).toEqual(['[github] open issue "Release v0.4.22" labelled release']);
    expect((await t.say('!release sync')).text).toBe('Nothing new in history file history.txt: 4 past releases already known.');
  });

  it("adopting at a testers' stage opens that stage's poll, and leaving the stage closes it", async () => {
    dir = mkdtempSync(join(tmpdir(), 'stagehand-history-'));
    writeFileSync(join(dir, 'history.txt'), 'v0.4.21\nv0.4.22-rc1\nv0.4.22-rc2\n');
    t = createTestApp({ configure: (config) => ({ ...config, history: { file: join(dir, 'history.txt') } }) });
    await t.say('!release sync');
    t.takeOutput();
    expect((await t.say('!release adopt v0.4.22 --stage 2 --process full')).tone).toBe('ok');
    const opened = t.takePosts();
    expect(opened.filter((p) => p.includes('v0.4.22-rc2') && /poll/i.test(p))).toHaveLength(2);
    expect(t.app.store.outbox.pendingCount()).toBe(0);
    expect((await t.say('!release restart v0.4.22 a fix was merged')).tone).toBe('ok');
    const closed = t.takePosts().filter((p) => p.includes('Poll closed for v0.4.22-rc2 (dev testing)'));
    expect(closed.map((p) => p.slice(0, p.indexOf(']') + 1))).toEqual(['[matrix testers room]', '[irc testers room]']);
    expect(JSON.stringify(t.snapshot())).not.toContain('"failed"');
  });

  it('says so when no history is configured, and when the file is wrong', async () => {
    t = createTestApp();
    expect((await t.say('!release sync')).text).toBe('No history source is configured: a github: section (its tags and releases) or history.file (a file of past versions).');
    await t.close();
    dir = mkdtempSync(join(tmpdir(), 'stagehand-history-'));
    writeFileSync(join(dir, 'history.txt'), 'v0.4.21\nnot a version\n');
    t = createTestApp({ configure: (config) => ({ ...config, history: { file: join(dir, 'history.txt') } }) });
    const before = t.snapshot();
    const said = await t.say('!release sync');
    expect(said.tone).toBe('refused');
    expect(said.text).toBe('Could not read the history from history file history.txt: history file history.txt, line 2: "not a version" is not a version such as v0.4.21 or v0.4.22-rc1. Nothing was changed.');
    expect(t.snapshot()).toEqual(before);
  });
});

describe('the process migration', () => {
  it('gives existing releases the process their kind implied, and the origin stagehand', () => {
    const mine = MIGRATIONS.findIndex((m) => m.includes('ADD COLUMN process'));
    expect(mine).toBeGreaterThan(0);
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, mine));
    const insert = db.prepare(
      `INSERT INTO releases (version, major, minor, patch, kind, rc, stage, status, created_at, created_by, ended_at, completed_stages, revision)
       VALUES (?, 0, ?, ?, ?, 1, 0, 'active', 0, 'lead', NULL, '[]', 1)`,
    );
    insert.run('v0.5.0', 5, 0, 'feature');
    insert.run('v0.4.23', 4, 23, 'patch');
    migrate(db, MIGRATIONS.slice(0, mine + 1));
    expect(db.prepare('SELECT version, kind, process, origin FROM releases ORDER BY version').all()).toEqual([
      { version: 'v0.4.23', kind: 'patch', process: 'patch', origin: 'stagehand' },
      { version: 'v0.5.0', kind: 'feature', process: 'full', origin: 'stagehand' },
    ]);
    db.close();
  });
});
