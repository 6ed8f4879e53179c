import type { Logger } from '../log/logger.js';
import type { Clock } from '../ground/clock.js';
import type { OutboxEntry, OutboxRepo } from '../store/outbox-repo.js';
import { storageFaultOf, storageRetryDelay, WriteHealth } from '../store/write-health.js';
import type { Destination } from '../ground/effects.js';
import type { DeliveryOutcome, Publisher } from './publisher.js';

export interface Backoff {
  readonly firstMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 5_000, maxMs: 15 * 60_000 };

export interface WorkerDeps {
  readonly outbox: OutboxRepo;
  readonly publishers: ReadonlyMap<Destination, Publisher>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly backoff?: Backoff;
  /** Told when an effect fails for good, so the leads can hear about it. */
  readonly onFailed?: (entry: OutboxEntry, reason: string) => void;
  /** Told when an effect will be tried again at `nextAttemptAt` (the delay notices), after it was recorded. */
  readonly onRetry?: (entry: OutboxEntry, reason: string, nextAttemptAt: number) => void;
  /** Told when an effect was delivered, after it was recorded. */
  readonly onDelivered?: (entry: OutboxEntry) => void;
  /** Told the outcome of every delivery attempt (metrics). */
  readonly observe?: (destination: Destination, outcome: DeliveryOutcome['kind']) => void;
  /** Told of every write the store refuses (the store's WriteHealth), so an outage is noticed once. */
  readonly writes?: WriteHealth;
}

/**
 * Delivers committed effects. Each destination target (a Matrix room, an IRC channel, GitHub) is a lane
 * of its own: its oldest pending effect goes first and a later one waits behind it (a checklist update
 * never overtakes the issue it updates), while a slow or rate-limited target never holds up the others.
 * Retries wait on the injected clock.
 *
 * A write the store refuses (a full disk) never makes it spin: the worker keeps the outcome it could not
 * record in memory (a post that went out is never posted again for it), delivers nothing until the store
 * has been tried again after a growing wait on the clock, and then records it first.
 */
export class OutboxWorker {
  /** Running lanes by target, each with a flag saying new work arrived while it ran. */
  private readonly lanes = new Map<string, { done: Promise<void>; again: boolean }>();
  private stopped = false;
  private cancelWake: (() => void) | null = null;
  private holds = 0;
  /** A kick came (a commit, a wake, a lane that stopped) while delivery was held: look again on release. */
  private missedKick = false;
  private readonly backoff: Backoff;
  private readonly writes: WriteHealth;
  /** Per lane: an outcome the store could not record yet; recorded before the lane delivers anything else. */
  private readonly unrecorded = new Map<string, { entry: OutboxEntry; outcome: DeliveryOutcome }>();
  /** While the store refuses writes: when to try it again, and how many tries have failed in a row. */
  private storeRetryAt: number | null = null;
  private storeFailures = 0;

  constructor(private readonly deps: WorkerDeps) {
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.writes = deps.writes ?? new WriteHealth();
  }

  /**
   * Deliver nothing new until the returned function is called. The shell holds delivery while it handles a
   * line, so a command's reply is printed before the posts it caused, without buffering posts that are
   * already recorded as delivered (a buffered post lost in a crash would never be shown).
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      // Only when something asked for a look while held (a command that queued nothing, such as !help,
      // costs no read of the outbox): every path that finds work while held sets missedKick.
      if (this.holds === 0 && this.missedKick) this.kick();
    };
  }

  /** Look for due work now (after a commit, at start, when a retry comes due). */
  kick(): void {
    if (this.stopped) return;
    if (this.holds > 0) {
      this.missedKick = true;
      return;
    }
    this.missedKick = false;
    if (this.waitingForStore()) {
      if (this.lanes.size === 0) this.armWake();
      return;
    }
    const now = this.deps.clock.now();
    for (const head of this.deps.outbox.heads()) {
      if (head.nextAttemptAt > now) continue;
      const lane = laneOf(head);
      const running = this.lanes.get(lane);
      if (running) {
        running.again = true;
        continue;
      }
      // Registered before it starts, so a kick from inside a delivery cannot start a second lane that
      // re-delivers the same head; the lane itself begins on the next microtask.
      const state = { done: Promise.resolve(), again: false };
      state.done = Promise.resolve()
        .then(() => this.runLane(head.destination, head.target, state))
        // A read that throws (the store's file damaged under it) is waited out like a refused write.
        .catch((error: unknown) => this.storeRefused(error))
        .finally(() => {
          this.lanes.delete(lane);
          this.armWake();
        });
      this.lanes.set(lane, state);
    }
    if (this.lanes.size === 0) this.armWake();
  }

  /** Resolves once nothing due is left to deliver (future retries do not count). */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()].map((l) => l.done));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelWake?.();
    await this.idle();
  }

  private async runLane(destination: Destination, target: string, state: { again: boolean }): Promise<void> {
    const lane = laneOf({ destination, target });
    for (;;) {
      state.again = false;
      if (this.holds > 0) this.missedKick = true;
      if (this.stopped || this.holds > 0 || this.waitingForStore()) return;
      const held = this.unrecorded.get(lane);
      if (held) {
        if (!this.record(held.entry, held.outcome)) return;
        continue;
      }
      const head = this.deps.outbox.headOf(destination, target);
      const due = head !== undefined && head.nextAttemptAt <= this.deps.clock.now();
      if (!due || this.stopped || this.holds > 0) {
        if (this.holds > 0) this.missedKick = true;
        if (state.again && !this.stopped && this.holds === 0) continue;
        return;
      }
      await this.deliver(head);
    }
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const publisher = this.deps.publishers.get(entry.destination);
    let storeError: unknown = null;
    const outcome: DeliveryOutcome = publisher
      ? await attempt(
          () => publisher.deliver(entry),
          (error) => {
            if (storageFaultOf(error) !== null) storeError = error;
          },
        )
      : { kind: 'failed', reason: `no publisher for ${entry.destination} is configured` };
    // A publisher that keeps its own record in the store (the dry run, IRC's sent-log) writes it before it
    // posts: its write failing means nothing went out, so this is the store's outage, not the post's retry.
    if (storeError !== null) return this.storeRefused(storeError);
    this.deps.observe?.(entry.destination, outcome.kind);
    this.record(entry, outcome);
  }

  /** Write `outcome` of `entry` to the outbox, then tell the listeners; false (and kept for later) if the store refused it. */
  private record(entry: OutboxEntry, outcome: DeliveryOutcome): boolean {
    const { outbox, clock, log } = this.deps;
    const lane = laneOf(entry);
    const wait = outcome.kind === 'retry' ? Math.max(outcome.afterMs ?? 0, Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** entry.attempts)) : 0;
    try {
      if (outcome.kind === 'delivered') outbox.markDelivered(entry.id, clock.now());
      else if (outcome.kind === 'retry') outbox.markRetry(entry.id, clock.now() + wait, outcome.reason);
      else outbox.markFailed(entry.id, outcome.reason);
    } catch (error) {
      this.unrecorded.set(lane, { entry, outcome });
      this.storeRefused(error);
      return false;
    }
    this.unrecorded.delete(lane);
    this.storeRetryAt = null;
    this.storeFailures = 0;
    // The listeners write too (a delay notice, a failure notice); their failure must not undo this record.
    try {
      switch (outcome.kind) {
        case 'delivered':
          if (outcome.already) log.info({ key: entry.key }, 'effect had already been delivered before a restart');
          this.deps.onDelivered?.(entry);
          break;
        case 'retry':
          log.warn({ key: entry.key, attempt: entry.attempts + 1, waitMs: wait, reason: outcome.reason }, 'delivery will be retried');
          this.deps.onRetry?.(entry, outcome.reason, clock.now() + wait);
          break;
        case 'failed':
          log.error({ key: entry.key, reason: outcome.reason }, 'delivery failed for good');
          this.deps.onFailed?.(entry, outcome.reason);
          break;
      }
    } catch (error) {
      if (this.writes.failed(error, clock.now()) === null) log.error({ key: entry.key, err: error }, 'after-delivery notice failed');
    }
    return true;
  }

  /**
   * The store refused a write: wait before trying it again, longer each time (never a tight loop). A
   * storage fault is reported to WriteHealth, which logs it once per outage; any other error is logged here,
   * since it is a bug, and waited out the same way.
   */
  private storeRefused(error: unknown): void {
    const now = this.deps.clock.now();
    if (this.writes.failed(error, now) === null) this.deps.log.error({ err: error, failures: this.storeFailures + 1 }, 'outbox could not record a delivery');
    this.storeRetryAt = now + storageRetryDelay(this.storeFailures++);
    const failures = this.storeFailures;
    this.writes.whenRecovered(() => {
      // Only if nothing was tried since: a later failure has its own wait.
      if (this.storeFailures !== failures) return;
      this.storeRetryAt = null;
      this.kick();
    });
    this.deps.log.debug({ failures: this.storeFailures, retryAt: this.storeRetryAt }, 'store write failed; trying again later');
  }

  private waitingForStore(): boolean {
    return this.storeRetryAt !== null && this.deps.clock.now() < this.storeRetryAt;
  }

  private armWake(): void {
    this.cancelWake?.();
    this.cancelWake = null;
    if (this.stopped) return;
    // Only queue heads can be delivered next; a later effect waits for the one ahead of it.
    const waits = this.deps.outbox
      .heads()
      .filter((h) => !this.lanes.has(laneOf(h)))
      .map((h) => Math.max(h.nextAttemptAt, this.storeRetryAt ?? 0));
    if (waits.length === 0) return;
    const at = Math.min(...waits);
    if (at <= this.deps.clock.now()) {
      if (this.holds === 0) queueMicrotask(() => this.kick());
      else this.missedKick = true;
      return;
    }
    // The task resolves once the due work is done, so a clock moved far ahead (the shell's `/time`) re-arms
    // the next retry at its own due time instead of after the jump.
    this.cancelWake = this.deps.clock.schedule(at, () => {
      this.kick();
      return this.idle();
    });
  }
}

const laneOf = (entry: Pick<OutboxEntry, 'destination' | 'target'>): string => `${entry.destination}\u0000${entry.target}`;

/**
 * A publisher that throws — before or after returning its promise — is a transient failure. `thrown` sees
 * the error first (the caller tells the store's own faults apart).
 */
async function attempt(deliver: () => Promise<DeliveryOutcome>, thrown: (error: unknown) => void): Promise<DeliveryOutcome> {
  try {
    return await deliver();
  } catch (error) {
    thrown(error);
    return { kind: 'retry', reason: describe(error) };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
