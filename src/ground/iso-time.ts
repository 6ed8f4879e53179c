/**
 * Dates and times as a person types them (`2026-12-24`, `2026-12-24T09:00Z`), read strictly. Date.parse
 * alone rolls an impossible day into the next month (2030-02-30 becomes 2030-03-02), reads 24:00 as the
 * next midnight and takes `2030-01-01 junk` as some other date; a clock moved there replays weeks of
 * reminders. Here every field is checked against the calendar first and the text is refused otherwise.
 */
import { fail, ok, type Result } from './result.js';

// Fixed-width fields, anchored, no nested repetition: linear in the (short) text.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/i;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Days in `month` (1-12) of `year`, Gregorian leap years included. */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why `YYYY-MM-DD` names no day (`February 2030 has 28 days`), or null when it does. */
function impossibleDay(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${MONTHS[month - 1]} ${year} has ${days} days`;
  return null;
}

/** Does `text` (`YYYY-MM-DD`) name a day that exists? */
export function isRealDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && impossibleDay(Number(match[1]), Number(match[2]), Number(match[3])) === null;
}

/**
 * The instant `text` names: a date (midnight UTC), or a date and time with `T`, optionally seconds, and
 * `Z` or an offset (`+02:00`); without one it is local time, as Date.parse reads it. Anything that is not
 * such a text, or names a day, hour or minute that does not exist, is a Failure saying which.
 */
export function parseIsoTime(text: string): Result<number> {
  const match = ISO_TIME.exec(text);
  const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  if (!match) return fail(`${shown} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MMZ, such as 2026-12-24T09:00Z.`);
  const [, year, month, day, hour, minute, second, zone] = match;
  const noDay = impossibleDay(Number(year), Number(month), Number(day));
  if (noDay) return fail(`${year}-${month}-${day} is not a real date: ${noDay}.`);
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59)) {
    return fail(`${hour}:${minute}${second === undefined ? '' : `:${second}`} is not a time of day: hours go to 23, minutes and seconds to 59.`);
  }
  if (zone !== undefined && zone.length > 1 && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) {
    return fail(`${zone} is not a time zone offset.`);
  }
  const at = Date.parse(text);
  return Number.isNaN(at) ? fail(`${shown} is not a date.`) : ok(at);
}
