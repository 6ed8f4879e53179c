import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { checkExistingDatabase, ensureWritableDirectory, storeOpenError } from './open-checks.js';

export type Db = Database.Database;

export class SchemaTooNewError extends Error {}

/**
 * Open (creating if needed) the SQLite database at `path` and bring its schema up to date.
 * WAL lets readers run beside the writer; synchronous=FULL makes every commit durable before it returns,
 * so a post is never delivered for a change the disk might still lose.
 * A directory or file Stagehand cannot use, and a damaged database, are refused first with a StoreOpenError
 * naming the path and the cause (src/store/open-checks.ts); a damaged file is not written to.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') {
    ensureWritableDirectory(dirname(path));
    checkExistingDatabase(path);
  }
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw storeOpenError(path, error);
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Refuse a newer schema before touching the file: switching to WAL below already writes to it.
    refuseTooNew(db, MIGRATIONS);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw storeOpenError(path, error);
  }
}

export function migrate(db: Db, migrations: readonly string[] = MIGRATIONS): void {
  const current = refuseTooNew(db, migrations);
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

/** The schema version, or a SchemaTooNewError if this build does not know it. */
function refuseTooNew(db: Db, migrations: readonly string[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new SchemaTooNewError(
      `the database schema is version ${current}, newer than this Stagehand understands (${migrations.length}); ` +
        'run a newer Stagehand or restore a backup',
    );
  }
  return current;
}
