/**
 * The instants a cron expression names, in a time zone, on any timeline. node-cron decides what matches
 * (`task.match`, which knows its L/W/# syntax and reads the local time in the zone); this class only walks
 * candidate local times of day, so a slot can be found relative to the injected clock instead of node-cron's
 * own reading of `Date.now()`. Across a DST change a local time that does not exist that day is skipped and
 * one that occurs twice fires once — as node-cron's own walker does.
 */
import { createTask, parse, type ScheduledTask } from 'node-cron';
import { DAY, MINUTE } from '../ground/clock.js';
import { isPlainUtc, utcMatcher, utcParts } from './utc-fields.js';

/** No five-field expression skips more than a leap cycle of days (Feb 29 on a Monday: 28 years); stop there. */
const MAX_DAYS = 366 * 28;
const MAX_CACHED = 10_000;

export class CronSlots {
  /** node-cron's task, created on first use (its `destroy` reads the time through Intl, so plain UTC never does). */
  private task: ScheduledTask | undefined;
  /** Candidate local times of day in minutes after midnight, ascending. */
  private readonly minutesOfDay: readonly number[];
  /** Built on first use: in plain UTC it never is (see utc-fields.ts: ICU's data is 8 MiB of memory). */
  private localParts: Intl.DateTimeFormat | undefined;
  /** Matching without Intl, for UTC and an expression of plain numbers; otherwise node-cron decides. */
  private readonly utcMatch: ((at: number) => boolean) | null;
  /** Local wall time → instant, per (day, minute): each `next()` walks the same day again; Intl is slow. */
  private readonly instants = new Map<number, number>();

  constructor(
    readonly expression: string,
    readonly timeZone: string,
  ) {
    const fields = parse(expression);
    this.minutesOfDay = fields.hour.flatMap((h) => fields.minute.map((m) => h * 60 + m)).sort((a, b) => a - b);
    this.utcMatch = isPlainUtc(timeZone) ? utcMatcher(fields) : null;
  }

  /** The first slot strictly after `after`. */
  next(after: number): number | null {
    const first = this.dayOf(after);
    for (let day = first; day < first + MAX_DAYS; day++) {
      for (const minutes of this.minutesOfDay) {
        const at = this.instantOf(day, minutes);
        if (at > after && this.matches(at)) return at;
      }
    }
    return null;
  }

  /** The last slot in (`after`, `atOrBefore`], or null. */
  previous(atOrBefore: number, after: number): number | null {
    const last = this.dayOf(atOrBefore);
    const first = Math.max(this.dayOf(after), last - MAX_DAYS);
    for (let day = last; day >= first; day--) {
      for (let i = this.minutesOfDay.length - 1; i >= 0; i--) {
        const at = this.instantOf(day, this.minutesOfDay[i] ?? 0);
        if (at <= atOrBefore && at > after && this.matches(at)) return at;
      }
    }
    return null;
  }

  /** The instant local midnight starts the local day `day` (days since 1970-01-01 as a calendar date). */
  startOfDay(day: number): number {
    return this.instantOf(day, 0);
  }

  /** The calendar day (days since 1970-01-01) that `at` falls on in this zone. */
  dayOf(at: number): number {
    const p = this.parts(at);
    return Date.UTC(p.year, p.month - 1, p.day) / DAY;
  }

  dispose(): void {
    void this.task?.destroy();
  }

  private matches(at: number): boolean {
    if (this.utcMatch) return this.utcMatch(at);
    this.task ??= createTask(this.expression, () => undefined, { timezone: this.timeZone });
    return this.task.match(new Date(at));
  }

  /** The instant the local wall time `day` + `minutes` names (the earlier one if it occurs twice). */
  private instantOf(day: number, minutes: number): number {
    const wall = day * DAY + minutes * MINUTE;
    const known = this.instants.get(wall);
    if (known !== undefined) return known;
    if (this.instants.size >= MAX_CACHED) this.instants.clear();
    const at = this.resolve(wall);
    this.instants.set(wall, at);
    return at;
  }

  private resolve(wall: number): number {
    // The zone's offsets half a day either side cover any DST change on that day.
    const candidates = [wall - this.offsetAt(wall - DAY / 2), wall - this.offsetAt(wall + DAY / 2)].sort((a, b) => a - b);
    const real = candidates.filter((at) => at + this.offsetAt(at) === wall);
    // In a DST gap neither reads back; the later one does not match the expression, so the slot is skipped.
    return real[0] ?? candidates[1] ?? wall;
  }

  /** Local wall time minus UTC at `at`, in ms. */
  private offsetAt(at: number): number {
    const p = this.parts(at);
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return wall - Math.floor(at / 1000) * 1000;
  }

  private parts(at: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
    if (isPlainUtc(this.timeZone)) return utcParts(at);
    this.localParts ??= new Intl.DateTimeFormat('en-US', {
      timeZone: this.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.localParts.formatToParts(at)) {
      if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
    }
    return out;
  }
}
