/**
 * node-cron's run coordinator (what its `distributed` option consults before a slot runs), backed by the
 * SQLite store so that every instance sharing the database agrees on who runs each slot.
 */
import { randomUUID } from 'node:crypto';
import type { RunCoordinator } from 'node-cron';
import type { Db } from '../store/database.js';
import { DAY, type Clock } from './clock.js';

/** Claimed slots older than this are forgotten; no instance lags that far behind the schedule. */
const KEEP_MS = 30 * DAY;

export class StoreRunCoordinator implements RunCoordinator {
  /** This instance's name in the claims table. */
  readonly owner = randomUUID();
  private readonly claimStmt;
  private readonly doneStmt;
  private readonly pruneStmt;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    // A slot is ours if nobody claimed it, or if the claimant's lease ran out before it completed
    // (it crashed mid-run; re-running is safe because each reminder posts once per key).
    this.claimStmt = db.prepare(
      `INSERT INTO schedule_claims (key, owner, lease_until, done_at) VALUES (@key, @owner, @until, NULL)
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
       WHERE schedule_claims.done_at IS NULL AND schedule_claims.lease_until < @now`,
    );
    this.doneStmt = db.prepare('UPDATE schedule_claims SET done_at = ? WHERE key = ? AND owner = ?');
    this.pruneStmt = db.prepare('DELETE FROM schedule_claims WHERE done_at IS NOT NULL AND done_at < ?');
  }

  shouldRun(key: string, ttlMs: number): boolean {
    const now = this.clock.now();
    const won = this.db
      .transaction(() => this.claimStmt.run({ key, owner: this.owner, until: now + ttlMs, now }).changes === 1)
      .immediate();
    return won;
  }

  onComplete(key: string): void {
    const now = this.clock.now();
    this.db
      .transaction(() => {
        this.doneStmt.run(now, key, this.owner);
        this.pruneStmt.run(now - KEEP_MS);
      })
      .immediate();
  }
}
