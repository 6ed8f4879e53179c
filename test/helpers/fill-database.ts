/**
 * A full disk without root: SQLite's `PRAGMA max_page_count` caps the database at the pages it has now,
 * and a filler table takes up the room left in them, so a write that needs a new page fails with
 * SQLITE_FULL exactly as it does on a full file system. `makeRoom` raises the cap again (space freed).
 */
import type { Db } from '../../src/store/database.js';

export function fillDatabase(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS test_filler (x BLOB)');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const insert = db.prepare('INSERT INTO test_filler VALUES (zeroblob(?))');
  for (const size of [3000, 1000, 300, 100, 30, 1]) {
    try {
      for (;;) insert.run(size);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_FULL') throw error;
    }
  }
}

export function makeRoom(db: Db): void {
  db.pragma('max_page_count = 1073741823');
}
