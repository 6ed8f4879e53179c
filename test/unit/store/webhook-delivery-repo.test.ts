import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/database.js';
import { DELIVERY_MEMORY_MS, WebhookDeliveryRepo } from '../../../src/store/webhook-delivery-repo.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0);

describe('webhook delivery ids', () => {
  it('are claimed once; a released id can be claimed again', () => {
    const repo = new WebhookDeliveryRepo(openDatabase(':memory:'));
    expect(repo.claim('d-1', 'push', T0)).toBe(true);
    expect(repo.claim('d-1', 'push', T0 + 1)).toBe(false);
    repo.release('d-1');
    expect(repo.has('d-1')).toBe(false);
    expect(repo.claim('d-1', 'push', T0 + 2)).toBe(true);
  });

  it('are forgotten once older than GitHub would redeliver, so the table stays small', () => {
    const repo = new WebhookDeliveryRepo(openDatabase(':memory:'));
    repo.claim('old', 'push', T0);
    repo.claim('recent', 'push', T0 + DELIVERY_MEMORY_MS / 2);
    repo.claim('new', 'status', T0 + DELIVERY_MEMORY_MS + 1);
    expect(['old', 'recent', 'new'].map((id) => repo.has(id))).toEqual([false, true, true]);
  });
});
