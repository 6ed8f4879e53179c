import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/log/logger.js';
import { DryRunPublisher } from '../../../src/publish/dry-run-publisher.js';
import type { Destination, EffectPayload, OutboxEffect } from '../../../src/ground/effects.js';
import { OutboxWorker, type Backoff } from '../../../src/publish/outbox-worker.js';
import type { DeliveryOutcome, PostSink, Publisher } from '../../../src/publish/publisher.js';
import { AdjustableClock, type Clock } from '../../../src/ground/clock.js';
import { Store } from '../../../src/store/store.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0);
const BACKOFF: Backoff = { firstMs: 1_000, maxMs: 10_000 };
const DELIVERED: DeliveryOutcome = { kind: 'delivered' };

interface Call {
  readonly key: string;
  readonly target: string;
  readonly at: number;
}

type Script = (effect: OutboxEffect, attempt: number) => DeliveryOutcome | Promise<DeliveryOutcome>;

/** A publisher that records every call and answers as its script says (delivered by default). */
class RecordingPublisher implements Publisher {
  readonly calls: Call[] = [];

  constructor(
    readonly destination: Destination,
    private readonly clock: Clock,
    private readonly script: Script = () => DELIVERED,
  ) {}

  targets(): readonly string[] {
    return [''];
  }

  async deliver(effect: OutboxEffect): Promise<DeliveryOutcome> {
    const attempt = this.calls.filter((c) => c.key === effect.key).length + 1;
    this.calls.push({ key: effect.key, target: effect.target, at: this.clock.now() });
    return this.script(effect, attempt);
  }

  keys(): string[] {
    return this.calls.map((c) => c.key);
  }

  keysFor(target: string): string[] {
    return this.calls.filter((c) => c.target === target).map((c) => c.key);
  }
}

/** A sink that remembers what was shown. */
class RecordingSink implements PostSink {
  readonly shown: Array<{ label: string; lines: readonly string[] }> = [];
  show(label: string, lines: readonly string[]): void {
    this.shown.push({ label, lines });
  }
}

let dir: string;
let path: string;
let cleanups: Array<() => Promise<void> | void>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stagehand-outbox-'));
  path = join(dir, 'stagehand.db');
  cleanups = [];
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function openStore(): Store {
  const store = Store.open(path);
  cleanups.push(() => store.close());
  return store;
}

interface Harness {
  readonly store: Store;
  readonly clock: AdjustableClock;
  readonly worker: OutboxWorker;
  readonly failed: Array<{ key: string; reason: string }>;
}

interface HarnessOptions {
  readonly start?: number;
  /** Also called when an effect fails for good (after it is recorded in `failed`). */
  readonly onFailed?: (entry: OutboxEffect, h: Harness) => void;
}

/** A store on the test's file, a manual clock, and a worker with the given publishers. */
function harness(makePublishers: (clock: AdjustableClock, store: Store) => Publisher[], options: HarnessOptions = {}): Harness {
  const store = openStore();
  const clock = AdjustableClock.manual(options.start ?? T0);
  const failed: Array<{ key: string; reason: string }> = [];
  const worker: OutboxWorker = new OutboxWorker({
    outbox: store.outbox,
    publishers: new Map(makePublishers(clock, store).map((p) => [p.destination, p])),
    clock,
    log: silentLogger(),
    backoff: BACKOFF,
    onFailed: (entry, reason) => {
      failed.push({ key: entry.key, reason });
      options.onFailed?.(entry, h);
    },
  });
  const h: Harness = { store, clock, worker, failed };
  cleanups.push(() => worker.stop());
  return h;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const announce = (text: string): EffectPayload => ({ action: 'announce', text });

/** Enqueue `destination target key` triples, in order, as one commit. */
function enqueue(store: Store, at: number, ...effects: Array<[Destination, string, string]>): void {
  store.transaction(() =>
    store.outbox.enqueue(
      effects.map(([destination, target, key]) => ({ key, releaseId: null, destination, target, payload: announce(key), createdAt: at })),
    ),
  );
}

async function run(h: Harness): Promise<void> {
  h.worker.kick();
  await h.worker.idle();
}

const statusOf = (store: Store, key: string): unknown =>
  store.db.prepare('SELECT status, attempts, last_error AS lastError FROM outbox WHERE key = ?').get(key);

describe('OutboxWorker delivering', () => {
  it('delivers every pending effect, in commit order within each target', async () => {
    let matrix!: RecordingPublisher;
    let github!: RecordingPublisher;
    const h = harness((clock) => [(matrix = new RecordingPublisher('matrix', clock)), (github = new RecordingPublisher('github', clock))]);
    enqueue(h.store, T0, ['matrix', '#a', 'a1'], ['matrix', '#b', 'b1'], ['github', '', 'g1'], ['matrix', '#a', 'a2']);
    enqueue(h.store, T0, ['matrix', '#b', 'b2'], ['matrix', '#a', 'a3'], ['github', '', 'g2']);
    await run(h);

    expect(matrix.keysFor('#a')).toEqual(['a1', 'a2', 'a3']);
    expect(matrix.keysFor('#b')).toEqual(['b1', 'b2']);
    expect(github.keys()).toEqual(['g1', 'g2']);
    expect(h.store.outbox.pendingCount()).toBe(0);
    expect(h.store.outbox.problems()).toEqual([]);
    expect(statusOf(h.store, 'a3')).toEqual({ status: 'delivered', attempts: 1, lastError: null });
  });

  it('delivers nothing while held, and everything due once released', async () => {
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [(matrix = new RecordingPublisher('matrix', clock))]);
    const release = h.worker.hold();
    enqueue(h.store, T0, ['matrix', '#a', 'a1']);
    await run(h);
    expect(matrix.calls).toEqual([]);
    release();
    release(); // a second call is harmless
    await h.worker.idle();
    expect(matrix.keys()).toEqual(['a1']);
  });

  it('reads the outbox on release only when something asked while held (a line that queued nothing costs no read)', async () => {
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [(matrix = new RecordingPublisher('matrix', clock))]);
    await run(h);
    let reads = 0;
    const heads = h.store.outbox.heads.bind(h.store.outbox);
    h.store.outbox.heads = () => (reads++, heads());
    h.worker.hold()();
    await h.worker.idle();
    expect(reads).toBe(0);
    // A commit while held is delivered on release, as before.
    const release = h.worker.hold();
    enqueue(h.store, T0, ['matrix', '#a', 'a1']);
    h.worker.kick();
    await h.worker.idle();
    expect(matrix.calls).toEqual([]);
    release();
    await h.worker.idle();
    expect(matrix.keys()).toEqual(['a1']);
  });

  it('delivers on release a retry that came due while delivery was held', async () => {
    let failOnce = true;
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [
      (matrix = new RecordingPublisher('matrix', clock, () => {
        if (!failOnce) return DELIVERED;
        failOnce = false;
        return { kind: 'retry', reason: 'busy' };
      })),
    ]);
    enqueue(h.store, T0, ['matrix', '#a', 'a1']);
    await run(h);
    expect(matrix.calls).toHaveLength(1);
    const release = h.worker.hold();
    await h.clock.advanceBy(BACKOFF.maxMs);
    await h.worker.idle();
    expect(matrix.calls).toHaveLength(1);
    release();
    await h.worker.idle();
    expect(matrix.calls).toHaveLength(2);
    expect(statusOf(h.store, 'a1')).toMatchObject({ status: 'delivered' });
  });

  it('stops between deliveries when held mid-run, and goes on when released', async () => {
    let release: (() => void) | undefined;
    let matrix!: RecordingPublisher;
    const h: Harness = harness((clock) => [
      (matrix = new RecordingPublisher('matrix', clock, (effect) => {
        if (effect.key === 'a1') release = h.worker.hold();
        return DELIVERED;
      })),
    ]);
    enqueue(h.store, T0, ['matrix', '#a', 'a1'], ['matrix', '#a', 'a2']);
    await run(h);
    expect(matrix.keys()).toEqual(['a1']);
    release?.();
    await h.worker.idle();
    expect(matrix.keys()).toEqual(['a1', 'a2']);
  });

  it('keeps delivering to other targets while one target’s delivery is stalled', async () => {
    const githubStarted = deferred();
    const githubGoesOn = deferred();
    const matrixGotA2 = deferred();
    let matrix!: RecordingPublisher;
    let github!: RecordingPublisher;
    const h = harness((clock) => [
      (matrix = new RecordingPublisher('matrix', clock, (effect) => {
        if (effect.key === 'a2') matrixGotA2.resolve();
        return DELIVERED;
      })),
      (github = new RecordingPublisher('github', clock, async (effect) => {
        if (effect.key === 'g1') {
          githubStarted.resolve();
          await githubGoesOn.promise;
        }
        return DELIVERED;
      })),
    ]);
    enqueue(h.store, T0, ['github', '', 'g1'], ['matrix', '#a', 'a1'], ['github', '', 'g2']);
    h.worker.kick();
    await githubStarted.promise;
    enqueue(h.store, T0, ['matrix', '#a', 'a2']);
    h.worker.kick();
    await matrixGotA2.promise;
    expect(matrix.keys()).toEqual(['a1', 'a2']);
    expect(github.keys()).toEqual(['g1']); // g2 still waits behind the stalled g1
    githubGoesOn.resolve();
    await h.worker.idle();
    expect(github.keys()).toEqual(['g1', 'g2']);
    expect(h.store.outbox.pendingCount()).toBe(0);
  });

  it('does nothing when nothing is pending', async () => {
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [(matrix = new RecordingPublisher('matrix', clock))]);
    await run(h);
    expect(matrix.calls).toEqual([]);
    expect(h.clock.pending).toBe(0);
  });

  it('picks up effects committed while it is delivering', async () => {
    let matrix!: RecordingPublisher;
    // The publisher commits another effect and kicks the worker from inside a delivery.
    const h: Harness = harness((clock) => [
      (matrix = new RecordingPublisher('matrix', clock, (effect) => {
        if (effect.key === 'first') {
          enqueue(h.store, clock.now(), ['matrix', '#b', 'later']);
          h.worker.kick();
        }
        return DELIVERED;
      })),
    ]);
    enqueue(h.store, T0, ['matrix', '#a', 'first']);
    await run(h);
    expect(matrix.keys()).toEqual(['first', 'later']);
    expect(h.store.outbox.pendingCount()).toBe(0);
  });

  it('does not deliver an effect that is not due yet', async () => {
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [(matrix = new RecordingPublisher('matrix', clock))]);
    enqueue(h.store, T0 + 5_000, ['matrix', '#a', 'future']);
    await run(h);
    expect(matrix.calls).toEqual([]);
    await h.clock.advanceBy(5_000);
    await h.worker.idle();
    expect(matrix.calls).toEqual([{ key: 'future', target: '#a', at: T0 + 5_000 }]);
  });
});

describe('OutboxWorker retrying', () => {
  it('waits the backoff on the clock before retrying, holding back the effects behind it', async () => {
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [
      (matrix = new RecordingPublisher('matrix', clock, (effect, attempt) =>
        effect.key === 'a1' && attempt === 1 ? { kind: 'retry', reason: '502 Bad Gateway' } : DELIVERED,
      )),
    ]);
    enqueue(h.store, T0, ['matrix', '#a', 'a1'], ['matrix', '#a', 'a2'], ['matrix', '#b', 'b1']);
    await run(h);

    expect(matrix.keys()).toEqual(['a1', 'b1']);
    expect(statusOf(h.store, 'a1')).toEqual({ status: 'pending', attempts: 1, lastError: '502 Bad Gateway' });
    expect(statusOf(h.store, 'a2')).toEqual({ status: 'pending', attempts: 0, lastError: null });
    expect(h.store.outbox.heads().find((e) => e.key === 'a1')?.nextAttemptAt).toBe(T0 + BACKOFF.firstMs);
    expect(h.clock.pending).toBe(1);

    await h.clock.advanceBy(BACKOFF.firstMs - 1);
    await h.worker.idle();
    expect(matrix.keys()).toEqual(['a1', 'b1']);

    await h.clock.advanceBy(1);
    await h.worker.idle();
    expect(matrix.keysFor('#a')).toEqual(['a1', 'a1', 'a2']);
    expect(matrix.calls.at(-2)).toEqual({ key: 'a1', target: '#a', at: T0 + BACKOFF.firstMs });
    expect(h.store.outbox.pendingCount()).toBe(0);
    expect(statusOf(h.store, 'a1')).toEqual({ status: 'delivered', attempts: 2, lastError: null });
    expect(h.clock.pending).toBe(0);
  });

  it('doubles the wait on each retry, up to the maximum', async () => {
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [
      (matrix = new RecordingPublisher('matrix', clock, (_effect, attempt) =>
        attempt <= 5 ? { kind: 'retry', reason: `try ${attempt}` } : DELIVERED,
      )),
    ]);
    enqueue(h.store, T0, ['matrix', '#a', 'a1']);
    await run(h);
    // Waits of 1s, 2s, 4s, 8s, then capped at 10s.
    for (const wait of [1_000, 2_000, 4_000, 8_000, 10_000]) {
      const calls = matrix.calls.length;
      await h.clock.advanceBy(wait - 1);
      await h.worker.idle();
      expect(matrix.calls).toHaveLength(calls);
      await h.clock.advanceBy(1);
      await h.worker.idle();
      expect(matrix.calls).toHaveLength(calls + 1);
    }
    expect(matrix.calls.map((c) => c.at - T0)).toEqual([0, 1_000, 3_000, 7_000, 15_000, 25_000]);
    expect(statusOf(h.store, 'a1')).toEqual({ status: 'delivered', attempts: 6, lastError: null });
  });

  it('retries at each due time when the clock jumps far ahead at once', async () => {
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [
      (matrix = new RecordingPublisher('matrix', clock, (_effect, attempt) =>
        attempt <= 3 ? { kind: 'retry', reason: `try ${attempt}` } : DELIVERED,
      )),
    ]);
    enqueue(h.store, T0, ['matrix', '#a', 'a1']);
    await run(h);
    await h.clock.advanceBy(3_600_000);
    await h.worker.idle();
    expect(matrix.calls.map((c) => c.at - T0)).toEqual([0, 1_000, 3_000, 7_000]);
    expect(h.store.db.prepare('SELECT delivered_at FROM outbox WHERE key = ?').get('a1')).toEqual({ delivered_at: T0 + 7_000 });
  });

  it('waits as long as the service asks (Retry-After) when that is longer than the backoff', async () => {
    let twitter!: RecordingPublisher;
    const h = harness((clock) => [
      (twitter = new RecordingPublisher('twitter', clock, (_effect, attempt) =>
        attempt === 1 ? { kind: 'retry', reason: '429 Too Many Requests', afterMs: 30_000 } : DELIVERED,
      )),
    ]);
    enqueue(h.store, T0, ['twitter', '', 't1']);
    await run(h);
    await h.clock.advanceBy(29_999);
    await h.worker.idle();
    expect(twitter.calls).toHaveLength(1);
    await h.clock.advanceBy(1);
    await h.worker.idle();
    expect(twitter.calls.map((c) => c.at - T0)).toEqual([0, 30_000]);
    expect(h.store.outbox.pendingCount()).toBe(0);
  });

  it('still waits the backoff when the service asks for less', async () => {
    let twitter!: RecordingPublisher;
    const h = harness((clock) => [
      (twitter = new RecordingPublisher('twitter', clock, (_effect, attempt) =>
        attempt === 1 ? { kind: 'retry', reason: '429', afterMs: 10 } : DELIVERED,
      )),
    ]);
    enqueue(h.store, T0, ['twitter', '', 't1']);
    await run(h);
    expect(h.store.outbox.heads().map((e) => e.nextAttemptAt)).toEqual([T0 + BACKOFF.firstMs]);
    await h.clock.advanceBy(BACKOFF.firstMs);
    await h.worker.idle();
    expect(twitter.calls.map((c) => c.at - T0)).toEqual([0, BACKOFF.firstMs]);
  });

  it('retries an effect whose publisher threw, recording the error', async () => {
    let github!: RecordingPublisher;
    const h = harness((clock) => [
      (github = new RecordingPublisher('github', clock, (_effect, attempt) => {
        if (attempt === 1) throw new Error('ECONNRESET');
        return DELIVERED;
      })),
    ]);
    enqueue(h.store, T0, ['github', '', 'g1']);
    await run(h);
    expect(h.store.outbox.problems()).toEqual([expect.objectContaining({ key: 'g1', status: 'pending', attempts: 1, lastError: 'ECONNRESET' })]);
    expect(h.failed).toEqual([]);

    await h.clock.advanceBy(BACKOFF.firstMs);
    await h.worker.idle();
    expect(github.calls).toHaveLength(2);
    expect(h.store.outbox.pendingCount()).toBe(0);
    expect(h.store.outbox.problems()).toEqual([]);
  });

  it('retries when a publisher throws before returning a promise', async () => {
    let attempts = 0;
    const h = harness(() => [
      {
        destination: 'irc',
        targets: () => [''],
        deliver: (): Promise<DeliveryOutcome> => {
          attempts++;
          if (attempts === 1) throw new Error('socket closed');
          return Promise.resolve(DELIVERED);
        },
      },
    ]);
    enqueue(h.store, T0, ['irc', '#ipfs', 'i1']);
    await run(h);
    expect(statusOf(h.store, 'i1')).toEqual({ status: 'pending', attempts: 1, lastError: 'socket closed' });
    await h.clock.advanceBy(BACKOFF.firstMs);
    await h.worker.idle();
    expect(attempts).toBe(2);
    expect(statusOf(h.store, 'i1')).toEqual({ status: 'delivered', attempts: 2, lastError: null });
  });

  it('describes a thrown non-Error value', async () => {
    const h = harness((clock) => [
      new RecordingPublisher('github', clock, () => {
        throw 'plain string failure';
      }),
    ]);
    enqueue(h.store, T0, ['github', '', 'g1']);
    await run(h);
    expect(statusOf(h.store, 'g1')).toEqual({ status: 'pending', attempts: 1, lastError: 'plain string failure' });
  });
});

describe('OutboxWorker failing for good', () => {
  it('stops an effect that failed, tells onFailed, and keeps delivering other targets', async () => {
    let github!: RecordingPublisher;
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [
      (github = new RecordingPublisher('github', clock, (effect) =>
        effect.key === 'g1' ? { kind: 'failed', reason: '422 Validation Failed' } : DELIVERED,
      )),
      (matrix = new RecordingPublisher('matrix', clock)),
    ]);
    enqueue(h.store, T0, ['github', '', 'g1'], ['matrix', '#a', 'a1'], ['matrix', '#a', 'a2'], ['matrix', '#b', 'b1']);
    await run(h);

    expect(h.failed).toEqual([{ key: 'g1', reason: '422 Validation Failed' }]);
    expect(github.keys()).toEqual(['g1']);
    expect(matrix.keys().sort()).toEqual(['a1', 'a2', 'b1']);
    expect(statusOf(h.store, 'g1')).toEqual({ status: 'failed', attempts: 1, lastError: '422 Validation Failed' });
    expect(h.store.outbox.problems().map((p) => [p.key, p.status])).toEqual([['g1', 'failed']]);
    expect(h.store.outbox.pendingCount()).toBe(0);
    expect(h.clock.pending).toBe(0);
  });

  it('does not try a failed effect again', async () => {
    let github!: RecordingPublisher;
    const h = harness((clock) => [(github = new RecordingPublisher('github', clock, () => ({ kind: 'failed', reason: '404' })))]);
    enqueue(h.store, T0, ['github', '', 'g1']);
    await run(h);
    await h.clock.advanceBy(24 * 3_600_000);
    await run(h);
    expect(github.calls).toHaveLength(1);
    expect(h.failed).toHaveLength(1);
  });

  it('delivers nothing twice when onFailed commits a notice and kicks the worker', async () => {
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [(matrix = new RecordingPublisher('matrix', clock))], {
      onFailed: (entry, h) => {
        enqueue(h.store, h.clock.now(), ['matrix', '#leads', `notice: ${entry.key} failed`]);
        h.worker.kick();
      },
    });
    enqueue(h.store, T0, ['twitter', '', 't1'], ['matrix', '#a', 'a1'], ['matrix', '#b', 'b1']);
    await run(h);
    expect(matrix.keys().sort()).toEqual(['a1', 'b1', 'notice: t1 failed']);
    expect(h.store.outbox.pendingCount()).toBe(0);
  });

  it('fails an effect whose destination has no publisher, without holding up the others', async () => {
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [(matrix = new RecordingPublisher('matrix', clock))]);
    enqueue(h.store, T0, ['twitter', '', 't1'], ['matrix', '#a', 'a1']);
    await run(h);
    expect(h.failed).toEqual([{ key: 't1', reason: 'no publisher for twitter is configured' }]);
    expect(statusOf(h.store, 't1')).toEqual({ status: 'failed', attempts: 1, lastError: 'no publisher for twitter is configured' });
    expect(matrix.keys()).toEqual(['a1']);
  });
});

describe('OutboxWorker across a crash', () => {
  it('has a new worker on the same file deliver what was committed but never delivered, exactly once', async () => {
    const before = openStore();
    enqueue(before, T0, ['matrix', '#a', 'a1'], ['github', '', 'g1'], ['matrix', '#a', 'a2']);
    before.close(); // the process died before its worker ran

    let matrix!: RecordingPublisher;
    let github!: RecordingPublisher;
    const h = harness((clock) => [(matrix = new RecordingPublisher('matrix', clock)), (github = new RecordingPublisher('github', clock))]);
    await run(h);
    await run(h);
    expect(matrix.keys()).toEqual(['a1', 'a2']);
    expect(github.keys()).toEqual(['g1']);
    expect(h.store.outbox.pendingCount()).toBe(0);
  });

  it('delivers only what was left after a crash in the middle', async () => {
    const first = harness((clock) => [
      new RecordingPublisher('matrix', clock, (effect) => (effect.key === 'a2' ? { kind: 'retry', reason: 'timeout' } : DELIVERED)),
    ]);
    enqueue(first.store, T0, ['matrix', '#a', 'a1'], ['matrix', '#a', 'a2'], ['matrix', '#a', 'a3']);
    await run(first);
    await first.worker.stop();
    first.store.close();

    let matrix!: RecordingPublisher;
    const second = harness((clock) => [(matrix = new RecordingPublisher('matrix', clock))], { start: T0 + 60_000 });
    await run(second);
    expect(matrix.keys()).toEqual(['a2', 'a3']);
    expect(statusOf(second.store, 'a2')).toEqual({ status: 'delivered', attempts: 2, lastError: null });

    const third = harness((clock) => [new RecordingPublisher('matrix', clock)], { start: T0 + 120_000 });
    await run(third);
    expect(third.store.outbox.pendingCount()).toBe(0);
    expect(matrix.calls).toHaveLength(2);
  });

  it('keeps a retry’s due time across a restart', async () => {
    const first = harness((clock) => [new RecordingPublisher('matrix', clock, () => ({ kind: 'retry', reason: 'down', afterMs: 60_000 }))]);
    enqueue(first.store, T0, ['matrix', '#a', 'a1']);
    await run(first);
    await first.worker.stop();
    first.store.close();

    let matrix!: RecordingPublisher;
    const second = harness((clock) => [(matrix = new RecordingPublisher('matrix', clock))], { start: T0 + 1_000 });
    await run(second);
    expect(matrix.calls).toEqual([]);
    await second.clock.advanceBy(59_000);
    await second.worker.idle();
    expect(matrix.calls).toEqual([{ key: 'a1', target: '#a', at: T0 + 60_000 }]);
  });
});

describe('DryRunPublisher', () => {
  const effectOf = (store: Store, key: string): OutboxEffect => {
    const found = store.outbox.heads().find((h) => h.key === key);
    if (!found) throw new Error(`${key} is not a pending head`);
    return found;
  };

  it('shows each post once, labelled with its destination and target', async () => {
    const sink = new RecordingSink();
    const h = harness((clock, store) => [
      new DryRunPublisher('matrix', store.postLog, sink, clock, ['#a']),
      new DryRunPublisher('github', store.postLog, sink, clock),
    ]);
    enqueue(h.store, T0, ['matrix', '#a', 'hello matrix'], ['github', '', 'hello github']);
    await run(h);
    expect(sink.shown).toEqual([
      { label: 'matrix #a', lines: ['hello matrix'] },
      { label: 'github', lines: ['hello github'] },
    ]);
    expect(h.store.postLog.has('hello matrix')).toBe(true);
    expect(h.store.outbox.pendingCount()).toBe(0);
  });

  it('answers delivered/already for a key already in the dry-run log, showing nothing again', async () => {
    const sink = new RecordingSink();
    const store = openStore();
    const clock = AdjustableClock.manual(T0);
    const publisher = new DryRunPublisher('matrix', store.postLog, sink, clock, ['#a']);
    enqueue(store, T0, ['matrix', '#a', 'k1']);
    const effect = effectOf(store, 'k1');
    expect(await publisher.deliver(effect)).toEqual({ kind: 'delivered' });
    expect(await publisher.deliver(effect)).toEqual({ kind: 'delivered', already: true });
    expect(sink.shown).toHaveLength(1);
  });

  it('after a crash between the post and its record, the next worker marks it delivered without showing it again', async () => {
    const before = openStore();
    const sinkBefore = new RecordingSink();
    enqueue(before, T0, ['matrix', '#a', 'posted'], ['matrix', '#a', 'not yet']);
    const publisherBefore = new DryRunPublisher('matrix', before.postLog, sinkBefore, AdjustableClock.manual(T0), ['#a']);
    await publisherBefore.deliver(effectOf(before, 'posted')); // shown, then the process died before markDelivered
    before.close();
    expect(sinkBefore.shown.map((s) => s.lines)).toEqual([['posted']]);

    const sink = new RecordingSink();
    const h = harness((clock, store) => [new DryRunPublisher('matrix', store.postLog, sink, clock, ['#a'])], { start: T0 + 1_000 });
    await run(h);
    expect(sink.shown.map((s) => s.lines)).toEqual([['not yet']]);
    expect(statusOf(h.store, 'posted')).toEqual({ status: 'delivered', attempts: 1, lastError: null });
    expect(statusOf(h.store, 'not yet')).toEqual({ status: 'delivered', attempts: 1, lastError: null });
  });
});

describe('OutboxWorker.stop', () => {
  it('cancels the retry wake-up and ignores later kicks', async () => {
    let matrix!: RecordingPublisher;
    const h = harness((clock) => [
      (matrix = new RecordingPublisher('matrix', clock, (_e, attempt) => (attempt === 1 ? { kind: 'retry', reason: 'busy' } : DELIVERED))),
    ]);
    enqueue(h.store, T0, ['matrix', '#a', 'a1']);
    await run(h);
    expect(h.clock.pending).toBe(1);
    await h.worker.stop();
    expect(h.clock.pending).toBe(0);
    await h.clock.advanceBy(60_000);
    await run(h);
    expect(matrix.calls).toHaveLength(1);
    expect(h.store.outbox.pendingCount()).toBe(1);
  });
});
