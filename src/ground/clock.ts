/**
 * Time is a dependency. Nothing in the engine, the commands or the outbox reads `Date.now()` or
 * calls `setTimeout` directly: they get a Clock, so tests and the local shell can move time by hand.
 */
export interface Clock {
  /** Milliseconds since the epoch, as this clock sees it. */
  now(): number;
  /** Run `task` once the clock reaches `at` (epoch ms). Returns a function that cancels it. */
  schedule(at: number, task: () => void | Promise<void>): () => void;
}

interface Entry {
  readonly at: number;
  readonly seq: number;
  readonly task: () => void | Promise<void>;
  timer?: NodeJS.Timeout;
}

// setTimeout cannot wait longer than this; longer waits are re-armed when it fires.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A clock that follows a time source plus an offset that only ever grows, with its own timer queue.
 * - `AdjustableClock.manual(start)`: frozen at `start` until advanced; tasks run only on advance (tests).
 * - `AdjustableClock.system()`: real time; tasks also fire on real timers; `/time +7d` in the shell
 *   advances it and runs everything that became due in between, in order.
 */
export class AdjustableClock implements Clock {
  private offset = 0;
  private seq = 0;
  private queue: Entry[] = [];
  private running: Promise<void> = Promise.resolve();

  private constructor(
    private readonly source: () => number,
    private readonly realTimers: boolean,
    private readonly onTaskError: (error: unknown) => void,
  ) {}

  static manual(start: number, onTaskError: (error: unknown) => void = rethrowLater): AdjustableClock {
    return new AdjustableClock(() => start, false, onTaskError);
  }

  static system(onTaskError: (error: unknown) => void = rethrowLater): AdjustableClock {
    return new AdjustableClock(() => Date.now(), true, onTaskError);
  }

  now(): number {
    return this.source() + this.offset;
  }

  schedule(at: number, task: () => void | Promise<void>): () => void {
    const entry: Entry = { at, seq: this.seq++, task };
    const index = this.queue.findIndex((e) => e.at > at);
    if (index === -1) this.queue.push(entry);
    else this.queue.splice(index, 0, entry);
    if (this.realTimers) this.arm(entry);
    return () => this.remove(entry);
  }

  /** How far this clock runs ahead of its source (what `/time` has added). */
  get offsetMs(): number {
    return this.offset;
  }

  /** Number of tasks waiting; useful to tests and to the shell's status line. */
  get pending(): number {
    return this.queue.length;
  }

  async advanceBy(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`cannot move the clock back (${ms} ms)`);
    await this.advanceTo(this.now() + ms);
  }

  /** Move forward to `target`, running every task due on the way at its own due time, in order. */
  advanceTo(target: number): Promise<void> {
    const run = this.running.then(() => this.runUntil(target));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async runUntil(target: number): Promise<void> {
    if (target < this.now()) throw new RangeError('cannot move the clock back');
    for (;;) {
      const next = this.queue[0];
      if (next === undefined || next.at > target) break;
      this.remove(next);
      if (next.at > this.now()) this.offset = next.at - this.source();
      await this.runTask(next);
    }
    if (target > this.now()) this.offset = target - this.source();
  }

  private async runTask(entry: Entry): Promise<void> {
    try {
      await entry.task();
    } catch (error) {
      this.onTaskError(error);
    }
  }

  private arm(entry: Entry): void {
    const delay = Math.min(Math.max(0, entry.at - this.now()), MAX_TIMEOUT_MS);
    entry.timer = setTimeout(() => {
      if (entry.at > this.now()) return this.arm(entry);
      this.remove(entry);
      void this.runTask(entry);
    }, delay);
  }

  private remove(entry: Entry): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    const index = this.queue.indexOf(entry);
    if (index !== -1) this.queue.splice(index, 1);
  }

  /** Cancel everything (shutdown). */
  clear(): void {
    for (const entry of [...this.queue]) this.remove(entry);
  }
}

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
