/**
 * Tells the leads when GitHub, X or the blog folder has kept posts waiting too long: ONE notice per outage
 * of a destination, then one when it takes posts again. An outage is named by its oldest waiting post, so
 * the notice's key is stable across retries and restarts (desk.notify posts a key once).
 */
import type { OutboxEntry } from '../store/outbox-repo.js';
import type { Clock } from '../ground/clock.js';
import { formatDuration } from '../ground/time-format.js';
import type { Destination } from '../ground/effects.js';


export interface DelayNoticeDeps {
  readonly pendingOf: (destination: Destination) => OutboxEntry[];
  readonly clock: Clock;
  /** A post undelivered this long (or told to wait this long) makes a notice. */
  readonly afterMs: number;
  /** Queue a chat notice to the leads unless one with this key was queued already. */
  readonly notify: (key: string, text: string) => void;
  readonly noticed: (key: string) => boolean;
  readonly formatTime: (at: number) => string;
}

const NAMES: Partial<Record<Destination, string>> = { github: 'GitHub', twitter: 'X/Twitter', blog: 'The blog draft folder' };
const LISTED = 5;

export class DelayNotices {
  constructor(private readonly deps: DelayNoticeDeps) {}

  /** After a failed attempt was recorded: tell the leads once the wait grows past the threshold. */
  retrying(entry: OutboxEntry, reason: string, nextAttemptAt: number): void {
    const name = NAMES[entry.destination];
    if (name === undefined) return; // a chat network cannot carry news of its own outage
    const { clock, afterMs } = this.deps;
    const waiting = this.deps.pendingOf(entry.destination);
    const oldest = waiting[0];
    if (oldest === undefined) return;
    const now = clock.now();
    if (now - oldest.createdAt < afterMs && nextAttemptAt - now < afterMs) return;
    const key = outageKey(oldest);
    if (this.deps.noticed(key)) return;
    const listed = waiting.slice(0, LISTED).map(describe).join('; ');
    const more = waiting.length > LISTED ? `; and ${waiting.length - LISTED} more` : '';
    const posts = waiting.length === 1 ? '1 post' : `${waiting.length} posts`;
    this.deps.notify(
      key,
      `${name} has not taken posts for ${formatDuration(now - oldest.createdAt)} (${reason}): ${posts} waiting (${listed}${more}). ` +
        `Retrying on its own, next at ${this.deps.formatTime(nextAttemptAt)}; nothing to do yet.`,
    );
  }

  /** After a delivery was recorded: if it ended an outage the leads were told about, say so. */
  delivered(entry: OutboxEntry): void {
    const name = NAMES[entry.destination];
    if (name === undefined || !this.deps.noticed(outageKey(entry))) return;
    const after = formatDuration(this.deps.clock.now() - entry.createdAt);
    const rest = this.deps.pendingOf(entry.destination).length;
    this.deps.notify(
      `recovered:${entry.destination}:${entry.id}`,
      `${name} takes posts again: ${describe(entry)} delivered after ${after}${rest > 0 ? `; ${rest} more on their way` : ''}.`,
    );
  }
}

const outageKey = (oldest: Pick<OutboxEntry, 'destination' | 'id'>): string => `delay:${oldest.destination}:${oldest.id}`;
const describe = (entry: OutboxEntry): string => `${entry.payload.action} for ${entry.release ?? 'no release'}`;
