import { DAY, HOUR, MINUTE } from './clock.js';

// Building an Intl.DateTimeFormat costs ~100 µs, using one ~2 µs: keep one per zone. The formatters are
// immutable, so sharing them is a cache, not shared state.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { ...options, timeZone });
    cache.set(timeZone, format);
  }
  return format;
}

/** `2026-11-26` in the given IANA time zone. */
export function formatDate(at: number, timeZone: string): string {
  // In UTC the ISO string is the same text without Intl, which would map ICU's time-zone data (about 8 MiB).
  if (timeZone === 'UTC' && inIsoYears(at)) return new Date(at).toISOString().slice(0, 10);
  return cached(dateFormats, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** `2026-11-26 09:00` in the given time zone (24-hour clock). */
export function formatDateTime(at: number, timeZone: string): string {
  if (timeZone === 'UTC' && inIsoYears(at)) return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
  const parts = cached(dateTimeFormats, timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Years 1000-9999: four digits in both (Intl writes year 500 as "500", toISOString as "0500"). */
const inIsoYears = (at: number): boolean => at >= -30_610_224_000_000 && at < 253_402_300_800_000;

/** A short human duration: `3d 4h`, `5h 10m`, `2m`, `0m`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  if (days > 0) return `${sign}${days}d${hours > 0 ? ` ${hours}h` : ''}`;
  if (hours > 0) return `${sign}${hours}h${minutes > 0 ? ` ${minutes}m` : ''}`;
  return `${sign}${minutes}m`;
}

const UNIT_MS: Readonly<Record<string, number>> = { d: DAY, h: HOUR, m: MINUTE, w: 7 * DAY };

/** Parse `7d`, `12h`, `30m`, `2w` (an optional leading `+`). Returns milliseconds or null. */
export function parseDuration(text: string): number | null {
  const match = /^\+?([0-9]{1,6})([dhmw])$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
}

export function isValidTimeZone(zone: string): boolean {
  // The default zone is always valid; asking Intl would map ICU's time-zone data (about 8 MiB) at start.
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
