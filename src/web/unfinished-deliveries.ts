/**
 * The delivery ids claimed and not yet handled to their end. At shutdown the app lets go of them (before
 * the store closes): a delivery cut short by SIGTERM, whose reaction may still be waiting on GitHub, was
 * not handled, and GitHub's redelivery after the restart must be handled rather than answered "Already
 * handled". Stopping never waits for those reactions: a hanging GitHub must not hold up SIGTERM.
 */
import type { DeliveryLedger } from './github-webhook-route.js';

export class UnfinishedDeliveries implements DeliveryLedger {
  private readonly open = new Set<string>();

  constructor(private readonly ledger: DeliveryLedger) {}

  claim(id: string, event: string, at: number): boolean {
    const claimed = this.ledger.claim(id, event, at);
    if (claimed) this.open.add(id);
    return claimed;
  }

  /** Let go of `id` (its handling failed); after releaseAll() it was already let go, and the store is shut. */
  release(id: string): void {
    if (this.open.delete(id)) this.ledger.release(id);
  }

  finished(id: string): void {
    this.open.delete(id);
  }

  /** Shutdown: every delivery still being handled is let go, so its redelivery is handled. */
  releaseAll(): void {
    for (const id of this.open) this.ledger.release(id);
    this.open.clear();
  }
}
