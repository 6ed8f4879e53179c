import type { Clock } from '../../ground/clock.js';

export interface SendRate {
  readonly linesPerSecond: number;
  readonly burst: number;
}

export interface SendQueueDeps {
  readonly clock: Clock;
  readonly rate: SendRate;
  /** Put one line on the wire; resolves once it is handed to the socket. */
  readonly write: (line: string) => Promise<void>;
  /** Whether lines may be written now (registered on the server). The owner calls wake() when it becomes true. */
  readonly ready: () => boolean;
}

export interface SendOptions {
  /**
   * Runs just before the first line is written; returning false drops the message unsent ('skipped').
   * The publisher records its sent-log entry here, as close to the wire as it can get.
   */
  readonly beforeFirstLine?: () => boolean;
}

export type SendOutcome = 'sent' | 'skipped';

/** A message that did not go out whole: the connection dropped, or the bot is stopping. */
export class SendAborted extends Error {
  constructor(
    reason: string,
    /** How many of its lines reached the wire before it was aborted. */
    readonly linesWritten: number,
  ) {
    super(reason);
  }
}

interface Entry {
  readonly lines: readonly string[];
  readonly options: SendOptions;
  written: number;
  resolve(outcome: SendOutcome): void;
  reject(error: SendAborted): void;
}

/**
 * Every line the bot writes to a channel goes through here: a token bucket holding up to `burst` lines,
 * refilled at `linesPerSecond`, on the injected clock. Servers disconnect clients that send faster than
 * they allow ("Excess Flood"); a burst of a hundred lines instead drains at the configured rate. Messages
 * go out whole and in order; a message's lines are never interleaved with another's.
 */
export class SendQueue {
  private tokens: number;
  private refilledAt: number;
  private readonly entries: Entry[] = [];
  private pumping: Promise<void> | null = null;
  private wokenWhilePumping = false;
  private cancelWait: (() => void) | null = null;

  constructor(private readonly deps: SendQueueDeps) {
    this.tokens = deps.rate.burst;
    this.refilledAt = deps.clock.now();
  }

  /** Queue the lines of one message; resolves once the last is written. */
  send(lines: readonly string[], options: SendOptions = {}): Promise<SendOutcome> {
    if (lines.length === 0) return Promise.resolve('sent');
    return new Promise<SendOutcome>((resolve, reject) => {
      this.entries.push({ lines, options, written: 0, resolve, reject });
      void this.wake();
    });
  }

  /** Try to write now (after a send, or once the connection is ready again); resolves when it pauses. */
  wake(): Promise<void> {
    if (this.pumping) {
      // The running pump may already be past its last look at the queue: make it look again.
      this.wokenWhilePumping = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      try {
        do {
          this.wokenWhilePumping = false;
          await this.pump();
        } while (this.wokenWhilePumping);
      } finally {
        this.pumping = null;
      }
    })();
    return this.pumping;
  }

  /** Give up every queued message (disconnected or stopping); their senders get a SendAborted. */
  abortAll(reason: string): void {
    this.cancelWait?.();
    this.cancelWait = null;
    for (const entry of this.entries.splice(0)) entry.reject(new SendAborted(reason, entry.written));
  }

  private async pump(): Promise<void> {
    for (;;) {
      const entry = this.entries[0];
      if (entry === undefined || !this.deps.ready()) return;
      this.refill();
      if (this.tokens < 1) return this.waitForToken();
      if (entry.written === 0 && entry.options.beforeFirstLine) {
        let go: boolean;
        try {
          go = entry.options.beforeFirstLine();
        } catch (error) {
          this.entries.shift();
          entry.reject(new SendAborted(error instanceof Error ? error.message : String(error), 0));
          continue;
        }
        if (!go) {
          this.entries.shift();
          entry.resolve('skipped');
          continue;
        }
      }
      this.tokens -= 1;
      const line = entry.lines[entry.written]!;
      try {
        await this.deps.write(line);
      } catch (error) {
        if (this.entries[0] === entry) this.entries.shift();
        entry.reject(new SendAborted(error instanceof Error ? error.message : String(error), entry.written));
        continue;
      }
      // abortAll() may have settled this entry while the write was in flight.
      if (this.entries[0] !== entry) continue;
      entry.written += 1;
      if (entry.written === entry.lines.length) {
        this.entries.shift();
        entry.resolve('sent');
      }
    }
  }

  private refill(): void {
    const now = this.deps.clock.now();
    const { linesPerSecond, burst } = this.deps.rate;
    this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAt) / 1000) * linesPerSecond);
    this.refilledAt = now;
  }

  private waitForToken(): void {
    const waitMs = Math.ceil(((1 - this.tokens) / this.deps.rate.linesPerSecond) * 1000);
    this.cancelWait?.();
    this.cancelWait = this.deps.clock.schedule(this.deps.clock.now() + waitMs, () => {
      this.cancelWait = null;
      return this.wake();
    });
  }
}
