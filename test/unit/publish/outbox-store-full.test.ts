/**
 * The outbox worker on a full store (SQLite's max_page_count): a delivery whose outcome cannot be
 * recorded is not re-delivered and does not spin. The worker tries the write again on a growing wait on
 * the manual clock, and once there is room it records it and carries on, each post delivered once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log/logger.js';
import type { OutboxEffect } from '../../../src/ground/effects.js';
import { OutboxWorker } from '../../../src/publish/outbox-worker.js';
import type { DeliveryOutcome, Publisher } from '../../../src/publish/publisher.js';
import { AdjustableClock } from '../../../src/ground/clock.js';
import { Store } from '../../../src/store/store.js';
import { fillDatabase, makeRoom } from '../../helpers/fill-database.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0);
/** What a gateway's error page looks like in a retry reason: long enough to need pages of its own. */
const GATEWAY_PAGE = `GitHub answered 502: <html>${'<p>Bad gateway</p>'.repeat(600)}</html>`;
/** A worker that re-delivered in a loop would reach this many calls without the clock moving. */
const SPIN_GUARD = 50;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  readonly store: Store;
  readonly clock: AdjustableClock;
  readonly worker: OutboxWorker;
  readonly calls: Array<{ key: string; at: number }>;
  /** When the worker tried to record an outcome (each markDelivered / markRetry call). */
  readonly writes: number[];
}

/** GitHub answers with its error page once per post, then takes it; the store is full before anything goes out. */
function setup(): Setup {
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-full-'));
  const store = Store.open(join(dir, 'stagehand.db'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
  const clock = AdjustableClock.manual(T0);
  const calls: Array<{ key: string; at: number }> = [];
  const publisher: Publisher = {
    destination: 'github',
    targets: () => [''],
    async deliver(effect: OutboxEffect): Promise<DeliveryOutcome> {
      calls.push({ key: effect.key, at: clock.now() });
      const tries = calls.filter((c) => c.key === effect.key).length;
      return tries === 1 && calls.length < SPIN_GUARD ? { kind: 'retry', reason: GATEWAY_PAGE } : { kind: 'delivered' };
    },
  };
  const writes: number[] = [];
  for (const name of ['markDelivered', 'markRetry'] as const) {
    const original = store.outbox[name].bind(store.outbox) as (...args: unknown[]) => void;
    (store.outbox as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      writes.push(clock.now());
      original(...args);
    };
  }
  const worker = new OutboxWorker({
    outbox: store.outbox,
    publishers: new Map([['github', publisher]]),
    clock,
    log: silentLogger(),
    backoff: { firstMs: 1_000, maxMs: 10_000 },
    writes: store.writes,
  });
  cleanups.push(() => worker.stop());
  store.transaction(() =>
    store.outbox.enqueue(
      ['a', 'b'].map((key) => ({ key, releaseId: null, destination: 'github' as const, target: '', payload: { action: 'announce' as const, text: key }, createdAt: T0 })),
    ),
  );
  fillDatabase(store.db);
  return { store, clock, worker, calls, writes };
}

describe('the outbox worker when the store is full', () => {
  it('does not deliver again or spin: it tries the write on a growing wait, and the outage is reported once', async () => {
    const s = setup();
    s.worker.kick();
    await s.worker.idle();
    // One delivery; its outcome could not be written, so nothing else goes out and nothing repeats.
    expect(s.calls).toEqual([{ key: 'a', at: T0 }]);
    expect(s.writes).toEqual([T0]);
    expect(s.store.writes.outage).toMatchObject({ since: T0, fault: { kind: 'full', code: 'SQLITE_FULL' } });

    // Ten minutes of outage on the manual clock: a handful of tries, each wait longer than the one before.
    await s.clock.advanceBy(10 * 60_000);
    await s.worker.idle();
    expect(s.calls).toHaveLength(1);
    const gaps = s.writes.slice(1).map((at, i) => at - s.writes[i]!);
    expect(s.writes.length).toBeLessThanOrEqual(12);
    expect(gaps).toEqual(gaps.map((_, i) => 1_000 * 2 ** i));
  });

  it('once there is room again, records what it held and delivers every post exactly once', async () => {
    const s = setup();
    s.worker.kick();
    await s.worker.idle();
    await s.clock.advanceBy(5 * 60_000);
    makeRoom(s.store.db);
    await s.clock.advanceBy(5 * 60_000);
    await s.worker.idle();
    const rows = s.store.db.prepare('SELECT key, status FROM outbox ORDER BY id').all();
    expect(rows).toEqual([
      { key: 'a', status: 'delivered' },
      { key: 'b', status: 'delivered' },
    ]);
    // a: the gateway's error (held, then recorded as a retry), then delivered; b: the same. No repeats.
    expect(s.calls.map((c) => c.key)).toEqual(['a', 'a', 'b', 'b']);
  });
});
