/**
 * node-cron's run coordinator (what its `distributed` option consults before a slot runs), backed by the
 * SQLite store so that every instance sharing the database agrees on who runs each slot.
 *
 * The scheduler uses `runOnce`: the claim, the slot's work and "done" commit in one transaction, so a kill
 * leaves either nothing (the slot is run again after the restart, late if it is past) or all of it — never
 * a claim without its notices, which used to refuse the replayed slot until a lease measured on a clock
 * that a restart could replay, and lose the slot for good (issue 13, finding 5).
 */
import { randomUUID } from 'node:crypto';
import type { RunCoordinator } from 'node-cron';
import type { Db } from '../store/database.js';
import { DAY, type Clock } from '../ground/clock.js';

/** Claimed slots older than this are forgotten; no instance lags that far behind the schedule. */
const KEEP_MS = 30 * DAY;

export class StoreRunCoordinator implements RunCoordinator {
  /** This instance's name in the claims table. */
  readonly owner = randomUUID();
  private readonly claimStmt;
  private readonly claimDoneStmt;
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
    // runOnce writes its claim done, inside the transaction that does the slot's work, so no other
    // connection ever sees it open. A claim still open (done_at NULL) was committed by shouldRun for a
    // process that died before onComplete (the scheduler before issue 13's finding 5; with one writer per
    // data directory no live process can hold one), so runOnce takes it over whatever its lease says: that
    // lease was measured on a clock a restart can replay (the shell's restored /time offset, a test's).
    this.claimDoneStmt = db.prepare(
      `INSERT INTO schedule_claims (key, owner, lease_until, done_at) VALUES (@key, @owner, NULL, @now)
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, lease_until = NULL, done_at = excluded.done_at
       WHERE schedule_claims.done_at IS NULL`,
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

  /**
   * Claim `key` and run `work` in one IMMEDIATE transaction (work's own transactions nest as savepoints):
   * true if this instance ran it, false if the slot was already done. If `work` throws, nothing of it or
   * the claim is kept, and the error is passed on.
   */
  runOnce(key: string, work: () => void): boolean {
    return this.db
      .transaction(() => {
        const now = this.clock.now();
        if (this.claimDoneStmt.run({ key, owner: this.owner, now }).changes !== 1) return false;
        work();
        this.pruneStmt.run(now - KEEP_MS);
        return true;
      })
      .immediate();
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
