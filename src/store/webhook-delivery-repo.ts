import type { Db } from './database.js';

/** How long a delivery id is remembered: GitHub lets a person redeliver a delivery of the past few days. */
export const DELIVERY_MEMORY_MS = 14 * 24 * 3600 * 1000;

/**
 * The GitHub webhook deliveries taken (by `X-GitHub-Delivery`), so a redelivery is handled once.
 * An id is claimed before its handlers run and released if they fail: two copies arriving at once are
 * handled once, and a failed one stays open for GitHub's redelivery.
 */
export class WebhookDeliveryRepo {
  private readonly claimStmt;
  private readonly releaseStmt;
  private readonly pruneStmt;
  private readonly hasStmt;

  constructor(db: Db) {
    this.claimStmt = db.prepare('INSERT INTO github_deliveries (delivery_id, event, received_at) VALUES (?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING');
    this.releaseStmt = db.prepare('DELETE FROM github_deliveries WHERE delivery_id = ?');
    this.pruneStmt = db.prepare('DELETE FROM github_deliveries WHERE received_at < ?');
    this.hasStmt = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM github_deliveries WHERE delivery_id = ?');
  }

  /** Take `id` for handling now; false when it was already taken (handled, or being handled). */
  claim(id: string, event: string, at: number): boolean {
    // Pruned on the way in, so the table stays a few days of deliveries without a timer of its own.
    this.pruneStmt.run(at - DELIVERY_MEMORY_MS);
    return this.claimStmt.run(id, event, at).changes === 1;
  }

  /** Forget `id` (its handling failed), so a redelivery is handled. */
  release(id: string): void {
    this.releaseStmt.run(id);
  }

  has(id: string): boolean {
    return this.hasStmt.get(id) !== undefined;
  }
}
