import type { Db } from './database.js';

/**
 * Posts recorded by key, for destinations that cannot be asked afterwards whether a post went out: the
 * dry-run publishers (it plays the remote service's part, as a real publisher checks GitHub or Twitter)
 * and IRC, which keeps no history (its key is recorded just before the first line is written).
 */
export class PostLog {
  private readonly insertStmt;
  private readonly hasStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO post_log (key, destination, target, at, text) VALUES (?, ?, ?, ?, ?)');
    this.hasStmt = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM post_log WHERE key = ?');
  }

  /** Record a post; false if it was already recorded. */
  record(key: string, destination: string, target: string, at: number, text: string): boolean {
    return this.insertStmt.run(key, destination, target, at, text).changes === 1;
  }

  has(key: string): boolean {
    return this.hasStmt.get(key) !== undefined;
  }
}
