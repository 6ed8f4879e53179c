/** HTML building blocks: every piece of text from the store goes through `esc` on its way into the page. */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for element content and quoted attribute values. */
export const esc = (text: string | number): string => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

// One formatter per zone and shape, like ground/time-format.ts: building them is the slow part.
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, shape: 'day' | 'dayTime'): Intl.DateTimeFormat {
  const key = `${shape}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      shape === 'day' ? { month: 'short', day: 'numeric' } : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    formats.set(key, f);
  }
  return f;
}

/** `5 Jan`. */
export const shortDay = (at: number, timeZone: string): string => format(timeZone, 'day').format(at);
/** `5 Jan, 09:00`. */
export const shortDayTime = (at: number, timeZone: string): string => format(timeZone, 'dayTime').format(at);
/** A `<time>` element: readable text, machine-readable datetime, the full time on hover. */
export const timeEl = (at: number, timeZone: string, withTime = true): string =>
  `<time datetime="${new Date(at).toISOString()}" title="${esc(new Date(at).toISOString().replace('T', ' ').slice(0, 16))} UTC">${esc(withTime ? shortDayTime(at, timeZone) : shortDay(at, timeZone))}</time>`;
