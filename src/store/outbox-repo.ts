import type { Destination, EffectPayload, OutboxEffect, OutboxStatus } from '../ground/effects.js';
import type { Db } from './database.js';

export interface NewOutboxEffect {
  readonly key: string;
  readonly releaseId: number | null;
  readonly destination: Destination;
  readonly target: string;
  readonly payload: EffectPayload;
  readonly createdAt: number;
}

interface OutboxRow {
  id: number;
  key: string;
  release_id: number | null;
  version: string | null;
  destination: Destination;
  target: string;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
}

export interface OutboxEntry extends OutboxEffect {
  /** The release's row id (`release` is its version), for history events about this effect. */
  readonly releaseId: number | null;
  readonly status: OutboxStatus;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
}

const SELECT = `SELECT o.*, r.version FROM outbox o LEFT JOIN releases r ON r.id = o.release_id`;

/**
 * The outbox: effects committed together with the state change that caused them, delivered later by the
 * worker. Within one destination target, effects go out in the order they were committed.
 */
export class OutboxRepo {
  private readonly insertStmt;
  private readonly headsStmt;
  private readonly headOfStmt;
  private readonly deliveredStmt;
  private readonly retryStmt;
  private readonly failedStmt;
  private readonly countStmt;
  private readonly countByDestinationStmt;
  private readonly problemsStmt;
  private readonly pendingOfStmt;
  private readonly prefixStmt;
  private readonly dismissStmt;
  private readonly requeueStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO outbox (key, release_id, destination, target, payload, status, next_attempt_at, created_at)
       VALUES (@key, @releaseId, @destination, @target, @payload, 'pending', @createdAt, @createdAt)`,
    );
    this.headsStmt = db.prepare<[], OutboxRow>(
      `${SELECT} WHERE o.id IN (SELECT MIN(id) FROM outbox WHERE status = 'pending' GROUP BY destination, target) ORDER BY o.id`,
    );
    this.headOfStmt = db.prepare<[string, string], OutboxRow>(
      `${SELECT} WHERE o.status = 'pending' AND o.destination = ? AND o.target = ? ORDER BY o.id LIMIT 1`,
    );
    this.deliveredStmt = db.prepare(`UPDATE outbox SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? AND status = 'pending'`);
    this.retryStmt = db.prepare(`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'`);
    this.failedStmt = db.prepare(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'pending'`);
    this.countStmt = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'`);
    this.countByDestinationStmt = db.prepare<[], { destination: Destination; n: number }>(
      `SELECT destination, COUNT(*) AS n FROM outbox WHERE status = 'pending' GROUP BY destination`,
    );
    // `key >= p AND key < p || x'FFFF'`-style range so the UNIQUE index on key answers it.
    this.prefixStmt = db.prepare<[string, string], { n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE key >= ? AND key < ?`);
    this.dismissStmt = db.prepare(`UPDATE outbox SET status = 'dismissed', last_error = ? WHERE id = ? AND status IN ('failed', 'pending')`);
    this.requeueStmt = db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status = 'failed'`);
    this.pendingOfStmt = db.prepare<[string], OutboxRow>(`${SELECT} WHERE o.status = 'pending' AND o.destination = ? ORDER BY o.id`);
    this.problemsStmt = db.prepare<[], OutboxRow>(
      `${SELECT} WHERE o.status = 'failed' OR (o.status = 'pending' AND o.attempts > 0) ORDER BY o.id`,
    );
  }

  /** Add effects; call inside the transaction that commits the change causing them. */
  enqueue(effects: readonly NewOutboxEffect[]): void {
    for (const effect of effects) this.insertStmt.run({ ...effect, payload: JSON.stringify(effect.payload) });
  }

  /** Whether any effect's key starts with `prefix` (a notice already queued, whatever became of it). */
  hasKeyPrefix(prefix: string): boolean {
    return (this.prefixStmt.get(prefix, `${prefix}\uffff`)?.n ?? 0) > 0;
  }

  /** The oldest pending effect of each destination target (due or not). */
  heads(): OutboxEntry[] {
    return this.headsStmt.all().map(toEntry);
  }

  /** The oldest pending effect of one destination target. */
  headOf(destination: Destination, target: string): OutboxEntry | undefined {
    const row = this.headOfStmt.get(destination, target);
    return row && toEntry(row);
  }

  markDelivered(id: number, at: number): void {
    this.deliveredStmt.run(at, id);
  }

  markRetry(id: number, nextAttemptAt: number, error: string): void {
    this.retryStmt.run(nextAttemptAt, error, id);
  }

  markFailed(id: number, error: string): void {
    this.failedStmt.run(error, id);
  }

  /** A lead gave up on a failed or stuck effect: it is never delivered and no longer listed. */
  dismiss(id: number, note: string): boolean {
    return this.dismissStmt.run(note, id).changes > 0;
  }

  /** A lead fixed what made an effect fail: deliver it again from `at`. */
  requeue(id: number, at: number): boolean {
    return this.requeueStmt.run(at, id).changes > 0;
  }

  /** The pending effects of one destination, oldest first. */
  pendingOf(destination: string): OutboxEntry[] {
    return this.pendingOfStmt.all(destination).map(toEntry);
  }

  pendingCount(): number {
    return this.countStmt.get()?.n ?? 0;
  }

  /** Pending effects per destination (only destinations with some). */
  pendingByDestination(): Map<Destination, number> {
    return new Map(this.countByDestinationStmt.all().map((r) => [r.destination, r.n]));
  }

  /** Effects that failed for good, or are waiting to be retried. */
  problems(): OutboxEntry[] {
    return this.problemsStmt.all().map(toEntry);
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    key: row.key,
    release: row.version,
    releaseId: row.release_id,
    destination: row.destination,
    target: row.target,
    payload: JSON.parse(row.payload) as EffectPayload,
    attempts: row.attempts,
    createdAt: row.created_at,
    status: row.status,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
  };
}
