import type { Db } from './database.js';

/**
 * What the dry-run publishers "posted". It plays the remote service's part: a re-delivery after a crash
 * finds its key here and is not shown again, exactly as a real publisher checks GitHub or Twitter.
 */
export class DryRunLog {
  private readonly insertStmt;
  private readonly hasStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO dry_run_posts (key, destination, target, at, text) VALUES (?, ?, ?, ?, ?)');
    this.hasStmt = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM dry_run_posts WHERE key = ?');
  }

  /** Record a post; false if it was already recorded. */
  record(key: string, destination: string, target: string, at: number, text: string): boolean {
    return this.insertStmt.run(key, destination, target, at, text).changes === 1;
  }

  has(key: string): boolean {
    return this.hasStmt.get(key) !== undefined;
  }
}
