/**
 * Cron matching in UTC without Intl. Any Intl.DateTimeFormat, even one for UTC, maps ICU's time-zone data
 * into the process (about 8 MiB of resident memory), and node-cron's `match` always builds one. In UTC the
 * calendar fields are Date's own getUTC* readings, so for an expression whose fields are plain numbers
 * (no L, W or # tokens: those stay with node-cron) matching is set membership, exactly what node-cron's
 * matcher does for numbers (it also ANDs day of month with day of week).
 */
import type { parse } from 'node-cron';

type Fields = ReturnType<typeof parse>;

export interface UtcParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The time zones read here without Intl: only the exact name of the default zone. */
export const isPlainUtc = (timeZone: string): boolean => timeZone === 'UTC';

export function utcParts(at: number): UtcParts {
  const d = new Date(at);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** A UTC matcher for `fields`, or null when a field holds a token (L, W, #) that only node-cron reads. */
export function utcMatcher(fields: Fields): ((at: number) => boolean) | null {
  const sets = [fields.second, fields.minute, fields.hour, fields.dayOfMonth, fields.month, fields.dayOfWeek].map((values) =>
    values.every((v): v is number => typeof v === 'number') ? new Set(values) : null,
  );
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = sets;
  if (!second || !minute || !hour || !dayOfMonth || !month || !dayOfWeek) return null;
  return (at) => {
    const d = new Date(at);
    return (
      second.has(d.getUTCSeconds()) &&
      minute.has(d.getUTCMinutes()) &&
      hour.has(d.getUTCHours()) &&
      dayOfMonth.has(d.getUTCDate()) &&
      month.has(d.getUTCMonth() + 1) &&
      dayOfWeek.has(d.getUTCDay())
    );
  };
}
