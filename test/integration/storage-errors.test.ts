/**
 * Storage errors at start, through the real `node dist/src/main.js --data DIR` (issue 13, finding 6): each
 * is one line naming the path and the cause, exit code 2, no stack trace; a database with a damaged page
 * is refused by PRAGMA quick_check and left byte for byte as it was.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyDirectory, readOnlyFile, undoReadOnly } from '../helpers/read-only.js';
import { run, type RunResult } from '../helpers/run.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'stagehand-storage-'));
});
afterAll(() => {
  undoReadOnly();
  rmSync(root, { recursive: true, force: true });
});

const start = (dataDir: string, input: readonly string[] = []): Promise<RunResult> =>
  run(process.execPath, ['dist/src/main.js', '--data', dataDir], { input });

/** Exit 2 and one `stagehand: …` line saying `message`; no stack frame. */
function expectRefused(result: RunResult, message: RegExp): void {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr.trim()).toMatch(message);
  expect(result.code, result.stderr).toBe(2);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('storage errors at start', () => {
  it('a data directory under a read-only directory: which one cannot be created, and why', async () => {
    const locked = join(root, 'locked');
    const cause = readOnlyDirectory(locked);
    const dataDir = join(locked, 'srv', 'data');
    expectRefused(await start(dataDir), new RegExp(`^stagehand: cannot create ${escape(dataDir)} \\(at ${escape(join(locked, 'srv'))}\\): ${cause}$`));
  });

  it('an existing data directory Stagehand cannot write in', async () => {
    const dataDir = join(root, 'unwritable');
    const cause = readOnlyDirectory(dataDir);
    expectRefused(await start(dataDir), new RegExp(`^stagehand: cannot write in ${escape(dataDir)}: ${cause}$`));
  });

  it('a data directory whose parent is a file', async () => {
    const file = join(root, 'plain-file');
    writeFileSync(file, 'not a directory\n');
    const dataDir = join(file, 'data');
    expectRefused(await start(dataDir), new RegExp(`^stagehand: cannot create ${escape(dataDir)}: ${escape(file)} is not a directory$`));
  });

  it('a file that is not a database, left as it was', async () => {
    const dataDir = join(root, 'not-a-db');
    mkdirSync(dataDir);
    const db = join(dataDir, 'stagehand.db');
    writeFileSync(db, 'release notes, saved over the database by mistake\n'.repeat(100));
    const before = sha256(db);
    expectRefused(await start(dataDir), new RegExp(`^stagehand: ${escape(db)} is not a Stagehand database \\(file is not a database\\)$`));
    expect(sha256(db)).toBe(before);
  });

  it("another program's SQLite database is not taken over", async () => {
    const dataDir = join(root, 'foreign');
    mkdirSync(dataDir);
    const file = join(dataDir, 'stagehand.db');
    const foreign = new Database(file);
    foreign.exec('CREATE TABLE users (name TEXT)');
    foreign.close();
    const before = sha256(file);
    expectRefused(await start(dataDir), new RegExp(`^stagehand: ${escape(file)} is not a Stagehand database \\(it holds tables Stagehand did not create: users\\)$`));
    expect(sha256(file)).toBe(before);
  });

  describe('with a real database', () => {
    let real: string;
    beforeAll(async () => {
      const dataDir = join(root, 'real');
      const made = await start(dataDir, ['!release new v0.5.0', '/ci pass', '!release advance', '!release advance']);
      expect(made.code, made.stderr).toBe(0);
      real = join(dataDir, 'stagehand.db');
      // Stopped cleanly: everything is checkpointed into the file, no WAL beside it.
      expect(existsSync(`${real}-wal`)).toBe(false);
    });

    function copyOf(name: string): { dataDir: string; db: string } {
      const dataDir = join(root, name);
      mkdirSync(dataDir);
      const db = join(dataDir, 'stagehand.db');
      copyFileSync(real, db);
      return { dataDir, db };
    }

    it('a read-only database file', async () => {
      const { dataDir, db } = copyOf('read-only-db');
      const cause = readOnlyFile(db);
      const before = sha256(db);
      expectRefused(await start(dataDir), new RegExp(`^stagehand: ${escape(db)} is read-only \\(${cause}\\); Stagehand needs to write to it$`));
      expect(sha256(db)).toBe(before);
    });

    it('one damaged page of the outbox: refused with what quick_check found and what to do; the file is untouched', async () => {
      const { dataDir, db } = copyOf('damaged');
      const page = damagePageOf(db, 'outbox');
      const before = sha256(db);
      const result = await start(dataDir);
      expectRefused(result, new RegExp(`^stagehand: ${escape(db)} is damaged: PRAGMA quick_check found .*page ${page}\\b.*restore it from a backup`));
      expect(sha256(db)).toBe(before);
      // Nothing waits in a WAL to be checkpointed into it later either.
      const wal = `${db}-wal`;
      expect(existsSync(wal) ? readFileSync(wal).length : 0).toBe(0);
    });

    it('the undamaged copy still starts', async () => {
      const { dataDir } = copyOf('healthy');
      const result = await start(dataDir, ['!release status']);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('v0.5.0');
      expect(result.code).toBe(0);
    });
  });
});

/**
 * Overwrite the cell pointers of the last leaf page of `table` (found through SQLite's dbstat table) and
 * check that quick_check now reports that page; returns its number.
 */
function damagePageOf(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const leaves = db.prepare<[string], { pageno: number }>("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").all(table);
  db.close();
  const page = leaves.at(-1)?.pageno;
  if (page === undefined) throw new Error(`${table} has no leaf page`);
  const bytes = readFileSync(file);
  // A leaf page's header is 8 bytes; the cell pointer array follows it.
  bytes.fill(0xa5, (page - 1) * pageSize + 8, (page - 1) * pageSize + 40);
  writeFileSync(file, bytes);
  const check = new Database(file, { readonly: true });
  const findings = (check.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).join('\n');
  check.close();
  expect(findings).toMatch(new RegExp(`page ${page}\\b`));
  return page;
}
