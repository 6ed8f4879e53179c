/**
 * Runs cron-timed jobs on the injected clock. Each job's slots come from node-cron (CronSlots); each slot
 * is claimed in the same transaction that queues what it sends (SlotClaims), and what a job sends goes
 * through the desk's notices, which post once per reminder identity. So:
 * - a kill while a slot runs keeps all of it or none of it: a slot half done is never left claimed;
 * - a restart never re-sends: the reminder's key is already in the outbox;
 * - downtime: on start, each job runs once for the latest slot since it last ran, marked late if it is
 *   past. Judging a slot that did run is harmless — every kind judges at the slot's time, so it finds what
 *   that run found, already sent — which is why "last ran" is only written at start and stop, not per check;
 * - a second instance on the same database loses the claim (and would find the keys taken anyway).
 */
import type { Notice } from '../desk/release-desk.js';
import type { Logger } from '../log/logger.js';
import { storageRetryDelay, type WriteHealth } from '../store/write-health.js';
import { DAY, MINUTE, type AdjustableClock } from '../ground/clock.js';
import type { CronSlots } from './cron-slots.js';

export interface ScheduledJob {
  readonly name: string;
  readonly slots: CronSlots;
  /** The notices this job sends for `slot`, judged on the state now. `late`: the slot was missed while down. */
  due(slot: number, late: boolean): readonly Notice[];
}

/** Who runs each slot (src/schedule/run-coordinator.ts). */
export interface SlotClaims {
  /** Claim `key` and run `work` in one transaction; false (and `work` not run) if the slot is done already. */
  runOnce(key: string, work: () => void): boolean;
}

export interface SchedulerDeps {
  readonly clock: AdjustableClock;
  readonly coordinator: SlotClaims;
  readonly jobs: readonly ScheduledJob[];
  readonly notify: (notice: Notice) => boolean;
  /** Whether a notice with this key was already queued (by anyone, any time). */
  readonly sent: (key: string) => boolean;
  /** When the schedule last ran (start or stop); slots after it may have been missed. */
  readonly lastRan: { get(): number | undefined; set(at: number): void };
  readonly log: Logger;
  /** Told of a write the store refused (a full disk): the slot is tried again later instead of crashing. */
  readonly writes?: WriteHealth;
}

/** A slot run this long after its time is called late. */
const LATE_AFTER_MS = MINUTE;
/**
 * Moving the clock further than this at once (the shell's `/time +999w`) is treated as downtime: one late
 * catch-up per job, instead of replaying every hourly check on the way.
 */
export const MAX_REPLAY_MS = 90 * DAY;

export class Scheduler {
  private readonly cancels = new Map<string, () => void>();
  /**
   * Per job, the slot whose write the store refused, waiting to be tried again. A later slot of the job
   * replaces it, as a catch-up after downtime runs only the latest missed slot.
   */
  private readonly retries = new Map<string, () => void>();
  private running = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Catch up on slots missed since the schedule last ran, then arm every job. */
  async start(): Promise<void> {
    const { clock, lastRan, jobs } = this.deps;
    const now = clock.now();
    const since = lastRan.get();
    this.running = true;
    if (since !== undefined && since < now) {
      for (const job of jobs) {
        const missed = job.slots.previous(now, since);
        if (missed !== null) await this.runOrRetry(job, missed, now - missed > LATE_AFTER_MS);
      }
    }
    this.remember(() => lastRan.set(Math.max(now, since ?? now)));
    for (const job of jobs) this.arm(job, now);
  }

  stop(): void {
    // A stop on a full disk still stops: the next start then catches up from the last time it could write.
    if (this.running) this.remember(() => this.deps.lastRan.set(Math.max(this.deps.clock.now(), this.deps.lastRan.get() ?? 0)));
    this.running = false;
    for (const cancel of [...this.cancels.values(), ...this.retries.values()]) cancel();
    this.cancels.clear();
    this.retries.clear();
  }

  /** Move the clock with `move`; a move longer than MAX_REPLAY_MS is handled like downtime. */
  async moveClock(target: number, move: () => Promise<void>): Promise<void> {
    if (!this.running || target - this.deps.clock.now() <= MAX_REPLAY_MS) return move();
    this.stop();
    await move();
    await this.start();
  }

  private arm(job: ScheduledJob, after: number): void {
    const at = job.slots.next(after);
    if (at === null || !this.running) return;
    this.cancels.set(
      job.name,
      this.deps.clock.schedule(at, async () => {
        this.cancels.delete(job.name);
        try {
          await this.runOrRetry(job, at, false);
        } finally {
          this.arm(job, at);
        }
      }),
    );
  }

  /**
   * Run a slot; if the store refuses its write, try the slot again after a growing wait on the clock (each
   * reminder posts once per key, so a retry cannot send twice). Other errors go to the clock as before.
   */
  private async runOrRetry(job: ScheduledJob, slot: number, late: boolean, tries = 0): Promise<void> {
    const id = job.name;
    this.retries.get(id)?.();
    this.retries.delete(id);
    const retry = (): void => {
      if (!this.running) return;
      const at = this.deps.clock.now() + storageRetryDelay(tries);
      this.deps.log.debug({ job: job.name, slot, tries: tries + 1 }, 'store write failed; trying again later');
      const again = (): Promise<void> => this.runOrRetry(job, slot, late || this.deps.clock.now() - slot > LATE_AFTER_MS, tries + 1);
      const cancel = this.deps.clock.schedule(at, again);
      this.retries.set(id, cancel);
      // When the store takes writes again, now rather than at the timer (unless a newer slot replaced this one).
      this.deps.writes?.whenRecovered(() => {
        if (this.retries.get(id) === cancel) again().catch((error: unknown) => this.deps.log.error({ err: error, job: job.name }, 'reminder retry failed'));
      });
    };
    try {
      await this.run(job, slot, late);
    } catch (error) {
      if (!this.deps.writes?.failed(error, this.deps.clock.now())) throw error;
      return retry();
    }
    // Nothing to check after a success: the claim, the notices and "done" commit together (runOnce), so a
    // failed try left nothing behind, and a slot found run already had its notices queued by that run.
  }

  /** A bookkeeping write (when the schedule last ran) that may be lost on a full disk without harm. */
  private remember(write: () => void): void {
    if (this.deps.writes) this.deps.writes.tolerate(write, () => this.deps.clock.now());
    else write();
  }

  private async run(job: ScheduledJob, slot: number, late: boolean): Promise<void> {
    const { coordinator, log } = this.deps;
    // Judge first, claim only when there is something new to say: most checks find nothing, and a claim is a write.
    const notices = job.due(slot, late).filter((n) => !this.deps.sent(n.key));
    if (notices.length === 0) return;
    const key = `${job.name}:${new Date(slot).toISOString()}`;
    const ran = coordinator.runOnce(key, () => {
      for (const notice of notices) this.deps.notify(notice);
    });
    if (!ran) log.debug({ slot: key }, 'this slot was run already');
  }
}
