import { describe, expect, it } from 'vitest';
import type { DeliveryLedger } from '../../../src/web/github-webhook-route.js';
import { UnfinishedDeliveries } from '../../../src/web/unfinished-deliveries.js';

/** A ledger like the store's: ids taken once; `closed` as the store is after shutdown (any use throws). */
function ledger(): DeliveryLedger & { ids: Set<string>; closed: boolean } {
  const ids = new Set<string>();
  const self = {
    ids,
    closed: false,
    claim(id: string) {
      if (self.closed) throw new Error('The database connection is not open');
      if (ids.has(id)) return false;
      ids.add(id);
      return true;
    },
    release(id: string) {
      if (self.closed) throw new Error('The database connection is not open');
      ids.delete(id);
    },
  };
  return self;
}

describe('UnfinishedDeliveries', () => {
  it('at shutdown lets go of the ids still being handled, and keeps the finished ones', () => {
    const store = ledger();
    const deliveries = new UnfinishedDeliveries(store);
    expect(deliveries.claim('done', 'push', 1)).toBe(true);
    expect(deliveries.claim('done', 'push', 2)).toBe(false);
    deliveries.finished('done');
    expect(deliveries.claim('cut-short', 'check_run', 3)).toBe(true);
    deliveries.releaseAll();
    expect([...store.ids]).toEqual(['done']);
  });

  it('a handler failing after shutdown does not touch the closed store', () => {
    const store = ledger();
    const deliveries = new UnfinishedDeliveries(store);
    deliveries.claim('late', 'status', 1);
    deliveries.releaseAll();
    store.closed = true;
    expect(() => deliveries.release('late')).not.toThrow();
  });

  it('a failed delivery is let go of at once', () => {
    const store = ledger();
    const deliveries = new UnfinishedDeliveries(store);
    deliveries.claim('failed', 'push', 1);
    deliveries.release('failed');
    expect(store.ids.size).toBe(0);
    expect(deliveries.claim('failed', 'push', 2)).toBe(true);
  });
});
