/**
 * What can be wrong with a data directory or its database, found before Stagehand writes a byte and said
 * as one sentence naming the path and the cause (an operator fixes these, so no stack trace): a directory
 * that cannot be created or written, a file that is not a database, a read-only file, a damaged database.
 * A damaged database is refused and left exactly as it was — no migration, no journal mode switch, no
 * checkpoint — so that a backup can still be compared with it or a recovery tool run on it.
 */
import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StartupError } from '../ground/startup-error.js';

/** A data directory or database Stagehand cannot use; main.ts prints the message and exits 2. */
export class StoreOpenError extends StartupError {}

/** How many of quick_check's findings the message quotes (a badly damaged file has thousands). */
const QUOTED_FINDINGS = 3;

/** Create `dir` (and its missing parents) or say which one cannot be created and why; then check it is writable. */
export function ensureWritableDirectory(dir: string): void {
  createDirectory(dir, dir);
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new StoreOpenError(`cannot write in ${dir}: ${causeOf(error)}`);
  }
}

/** Create `dir` for `target` (dir itself or one of its parents), one level at a time. */
function createDirectory(dir: string, target: string): void {
  const at = dir === target ? '' : ` (at ${dir})`;
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new StoreOpenError(`cannot create ${target}: ${dir} is not a directory`);
    return;
  }
  // One level at a time: a recursive mkdir reports ENOENT for the deepest path whatever the real cause was.
  const parent = dirname(dir);
  if (parent !== dir) createDirectory(parent, target);
  try {
    mkdirSync(dir);
  } catch (error) {
    // Created meanwhile by someone else (another Stagehand starting): fine if it is a directory.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return;
    throw new StoreOpenError(`cannot create ${target}${at}: ${causeOf(error)}`);
  }
}

/**
 * Read-only checks of an existing database file, on a connection that cannot write (so it changes
 * nothing, even for a file in WAL mode): that it is a database, that it is Stagehand's, that it is
 * writable, and that `PRAGMA quick_check` finds nothing wrong.
 */
export function checkExistingDatabase(path: string): void {
  if (!existsSync(path)) return;
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw storeOpenError(path, error);
  }
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    if (version === 0 && tables.length > 0) {
      const names = tables.slice(0, 5).map((t) => t.name);
      throw new StoreOpenError(`${path} is not a Stagehand database (it holds tables Stagehand did not create: ${names.join(', ')}${tables.length > 5 ? ', …' : ''})`);
    }
    // The first finding starts with a line naming the schema ("*** in database main ***").
    const findings = (db.pragma('quick_check(20)') as { quick_check: string }[]).map((row) => row.quick_check.replace(/^\*\*\* .* \*\*\*\n/, ''));
    if (findings.length !== 1 || findings[0] !== 'ok') throw damaged(path, findings);
  } catch (error) {
    throw error instanceof StoreOpenError ? error : storeOpenError(path, error);
  } finally {
    db.close();
  }
  try {
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw new StoreOpenError(`${path} is read-only (${causeOf(error)}); Stagehand needs to write to it`);
  }
}

function damaged(path: string, rows: readonly string[]): StoreOpenError {
  // One row can hold several findings on lines of their own: the message stays one line.
  const findings = rows.flatMap((row) => row.split('\n')).filter((line) => line.trim() !== '');
  const quoted = findings.slice(0, QUOTED_FINDINGS).join('; ');
  const more = findings.length > QUOTED_FINDINGS ? ` (and ${findings.length - QUOTED_FINDINGS}${findings.length >= 20 ? '+' : ''} more)` : '';
  return new StoreOpenError(
    `${path} is damaged: PRAGMA quick_check found ${quoted}${more}. Stagehand left it untouched and will not start on it: ` +
      'stop anything else using it, then restore it from a backup (or move it aside to start with an empty database)',
  );
}

/**
 * The operator's version of a SQLite or file-system error met while opening or preparing `path`; errors
 * that are not about the file (a bug in a migration) come back unchanged.
 */
export function storeOpenError(path: string, error: unknown): Error {
  if (error instanceof StoreOpenError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code !== 'string') return error instanceof Error ? error : new Error(message);
  if (code === 'SQLITE_NOTADB') return new StoreOpenError(`${path} is not a Stagehand database (${message})`);
  if (code.startsWith('SQLITE_CORRUPT')) return damaged(path, [message]);
  if (code === 'SQLITE_READONLY_DIRECTORY') return new StoreOpenError(`cannot write in ${dirname(path)}: it is read-only (${message})`);
  if (code.startsWith('SQLITE_READONLY')) return new StoreOpenError(`${path} is read-only (${message}); Stagehand needs to write to it`);
  if (code.startsWith('SQLITE_CANTOPEN')) return new StoreOpenError(`cannot open ${path} (${message})`);
  if (code === 'SQLITE_FULL') return new StoreOpenError(`cannot write ${path}: the disk is full (${message})`);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return new StoreOpenError(`cannot use ${path}: ${message} (${code})`);
  }
  if (/^E[A-Z]+$/.test(code)) return new StoreOpenError(`cannot use ${path}: ${causeOf(error)}`);
  return error instanceof Error ? error : new Error(message);
}

/**
 * "read-only file system" from Node's "EROFS: read-only file system, mkdir '/x'"; else the code. The cause
 * in every sentence about a data directory's files (these checks, and the data directory's lock).
 */
export function causeOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const described = typeof message === 'string' ? /^[A-Z]+: ([^,]+)/.exec(message)?.[1] : undefined;
  return described ?? code ?? String(error);
}
