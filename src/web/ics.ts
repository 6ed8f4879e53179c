/**
 * A minimal RFC 5545 writer: CRLF line endings, lines folded at 75 octets without splitting a UTF-8
 * character, TEXT values escaped, times in UTC. Only what the calendar feed needs.
 */
import { wellFormed } from '../commands-kit/sanitize.js';

export interface IcsEvent {
  /** Stable identity: the same UID in a later feed replaces the event instead of adding one. */
  readonly uid: string;
  /** Bumped whenever the event changes, so clients take the new version. */
  readonly sequence: number;
  readonly lastModified: number;
  readonly summary: string;
  readonly description?: string;
  /** Epoch ms (a UTC DATE-TIME) or `YYYY-MM-DD` (an all-day DATE). */
  readonly start: number | string;
  /** Exclusive end; for a DATE start, the next day by default. */
  readonly end?: number | string;
  readonly status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  readonly categories?: readonly string[];
}

export interface IcsCalendar {
  readonly prodId: string;
  readonly name: string;
  /** DTSTAMP of every event: when this feed was rendered. */
  readonly stamp: number;
  readonly events: readonly IcsEvent[];
}

export function renderIcs(calendar: IcsCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    ...calendar.events.flatMap((event) => eventLines(event, calendar.stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

function eventLines(event: IcsEvent, stamp: number): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utc(stamp)}`,
    `SEQUENCE:${event.sequence}`,
    `LAST-MODIFIED:${utc(event.lastModified)}`,
    dateProperty('DTSTART', event.start),
    dateProperty('DTEND', event.end ?? (typeof event.start === 'string' ? nextDay(event.start) : event.start)),
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.categories?.length ? [`CATEGORIES:${event.categories.map(escapeText).join(',')}`] : []),
    `STATUS:${event.status ?? 'CONFIRMED'}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

function dateProperty(name: string, value: number | string): string {
  return typeof value === 'string' ? `${name};VALUE=DATE:${value.replaceAll('-', '')}` : `${name}:${utc(value)}`;
}

/** `20190909T090000Z`. */
export function utc(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks; other controls dropped; a lone
 * surrogate (never valid in the UTF-8 a feed must be) becomes U+FFFD.
 */
export function escapeText(text: string): string {
  return wellFormed(text)
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u001f\u007f]/g, '');
}

const MAX_OCTETS = 75;

/**
 * Fold a content line (RFC 5545 3.1): no line longer than 75 octets; each continuation starts with one
 * space, which counts. Breaks fall between characters, never inside a UTF-8 sequence or a surrogate pair.
 */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > MAX_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}
