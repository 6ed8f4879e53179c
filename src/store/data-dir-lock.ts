/**
 * One writer per data directory: a process that runs Stagehand on a data directory holds an exclusive lock
 * on `<dataDir>/stagehand.lock` for its whole life, and the kernel drops it when the process dies, however
 * it dies (SIGKILL, OOM, power cut of the process): no pid file whose staleness has to be guessed.
 *
 * Why SQLite: Node has no flock(2). better-sqlite3 already ships with Stagehand and SQLite's unix VFS takes
 * POSIX fcntl() record locks, which the kernel holds for the process and releases when it exits. In
 * `locking_mode=EXCLUSIVE` a connection never gives back a lock it took, so after one `BEGIN EXCLUSIVE` the
 * file stays locked until the connection closes or the process dies; another process (or another
 * connection in this one: SQLite tracks its own locks per file) then gets SQLITE_BUSY at once with
 * `busy_timeout` 0. The alternatives were worse: fs-ext (flock) is a native addon that node-gyp compiles
 * against Node headers it downloads, which fails offline; proper-lockfile and pid files decide staleness
 * from mtimes and pids, which is what this avoids.
 *
 * A locked SQLite file cannot be read by others, so the holder also writes who it is (pid, host, since) to
 * `<dataDir>/stagehand.lock.json` after taking the lock, for the refusal message of the next one.
 */
import Database from 'better-sqlite3';
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { causeOf, ensureWritableDirectory } from './open-checks.js';

export const LOCK_FILE = 'stagehand.lock';
export const HOLDER_FILE = 'stagehand.lock.json';

/** Who holds a data directory, as it recorded itself. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly since: string;
}

export type LockAttempt =
  | { readonly ok: true; readonly lock: DataDirLock }
  /** Someone else holds it; `holder` is null when it has not recorded itself (yet) or the record is unreadable. */
  | { readonly ok: false; readonly holder: LockHolder | null };

/** A problem with the data directory itself (cannot create it, cannot open the lock file): the path and the cause. */
export class DataDirError extends Error {}

/** The lock this process holds on a data directory. */
export class DataDirLock {
  private released = false;

  constructor(
    private readonly db: Database.Database,
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {}

  /** Give the directory up: forget the holder record, then drop the lock. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    // Only the holder ever writes the record, and we still hold the lock here: it is ours to remove.
    rmSync(join(this.dataDir, HOLDER_FILE), { force: true });
    this.db.close();
  }
}

/**
 * Take the data directory's lock if nobody holds it, without waiting. Creates the directory if needed.
 * `now` is the time to record as "since" (epoch ms).
 */
export function tryLockDataDir(dataDir: string, now: number): LockAttempt {
  const path = join(dataDir, LOCK_FILE);
  ensureFile(dataDir, path);
  const db = new Database(path, { timeout: 0 });
  try {
    // An in-memory rollback journal: the lock file never gets a -journal beside it, and nothing is written.
    db.pragma('journal_mode = MEMORY');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return { ok: false, holder: readHolder(dataDir) };
    throw new DataDirError(`cannot lock ${path}: ${(error as Error).message}`);
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date(now).toISOString() };
  try {
    writeHolder(dataDir, holder);
  } catch (error) {
    db.close();
    throw new DataDirError(`cannot write ${join(dataDir, HOLDER_FILE)}: ${causeOf(error)}`);
  }
  return { ok: true, lock: new DataDirLock(db, dataDir, holder) };
}

/** The recorded holder of a data directory, or null if none is recorded or the record is not one. */
export function readHolder(dataDir: string): LockHolder | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8').slice(0, 4096));
  } catch {
    return null;
  }
  const { pid, host, since } = (parsed ?? {}) as Record<string, unknown>;
  if (!Number.isSafeInteger(pid) || typeof host !== 'string' || typeof since !== 'string') return null;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(since)) return null;
  // The record is a file anyone with access to the directory can edit: print only a short, plain host name.
  return { pid: pid as number, host: host.replace(/[^\w.-]/g, '?').slice(0, 255), since };
}

/** "another Stagehand (pid 1234 on host x, since 2026-12-03 14:02 UTC)" */
export function describeHolder(holder: LockHolder | null): string {
  if (holder === null) return 'another Stagehand (which one is not recorded yet)';
  return `another Stagehand (pid ${holder.pid} on host ${holder.host}, since ${holder.since.slice(0, 10)} ${holder.since.slice(11, 16)} UTC)`;
}

function ensureFile(dataDir: string, path: string): void {
  // The same sentences as Store.open's checks: which level of the path cannot be created, and why.
  ensureWritableDirectory(dataDir);
  try {
    // Opened by fs first so a missing permission is told as such, not as SQLite's "unable to open database file".
    closeSync(openSync(path, 'a'));
  } catch (error) {
    throw new DataDirError(`cannot open ${path}: ${causeOf(error)}`);
  }
}

/** Written whole or not at all: a reader never sees half a record. */
function writeHolder(dataDir: string, holder: LockHolder): void {
  const path = join(dataDir, HOLDER_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(holder)}\n`);
  renameSync(temporary, path);
}
