import { afterEach, describe, expect, it, vi } from 'vitest';
import { CronSlots } from '../../../src/schedule/cron-slots.js';
import { isValidTimeZone } from '../../../src/ground/time-format.js';
import { createTask } from 'node-cron';

// In plain UTC CronSlots reads the calendar without Intl (ICU's time-zone data is about 8 MiB of resident
// memory). 'Etc/UTC' is the same zone through the Intl + node-cron path: both must name the same instants.
const made: CronSlots[] = [];
const slots = (expression: string, zone: string): CronSlots => {
  const s = new CronSlots(expression, zone);
  made.push(s);
  return s;
};
afterEach(() => {
  made.splice(0).forEach((s) => s.dispose());
  vi.restoreAllMocks();
});

const EXPRESSIONS = [
  '0 9 * * 1-5',
  '0 * * * *',
  '0 9 * * *',
  '30 14 */2 1-3 MON-FRI',
  '15,45 8-17 1,15,31 * *',
  '0 0 29 2 *',
  '0 12 * * 0,7',
  '0 9 L * *',
  '0 9 * * 5#2',
  '0 9 15W * *',
];

function walk(s: CronSlots, from: number, count: number): number[] {
  const out: number[] = [];
  let at = from;
  for (let i = 0; i < count; i++) {
    const next = s.next(at);
    if (next === null) break;
    out.push(next);
    at = next;
  }
  return out;
}

describe('CronSlots in UTC', () => {
  it.each(EXPRESSIONS)('names the same slots as the Intl path does (%s)', (expression) => {
    const from = Date.parse('2026-12-28T23:17:00Z');
    const plain = slots(expression, 'UTC');
    const viaIntl = slots(expression, 'Etc/UTC');
    const ahead = walk(plain, from, 12);
    expect(ahead.length).toBeGreaterThan(0);
    expect(ahead).toEqual(walk(viaIntl, from, 12));
    const last = ahead[ahead.length - 1] ?? from;
    expect(plain.previous(last - 1, from)).toBe(viaIntl.previous(last - 1, from));
    expect(plain.dayOf(last)).toBe(viaIntl.dayOf(last));
    expect(plain.startOfDay(plain.dayOf(last))).toBe(viaIntl.startOfDay(viaIntl.dayOf(last)));
  });

  it('each slot is one node-cron itself matches in UTC', () => {
    for (const expression of EXPRESSIONS) {
      const task = createTask(expression, () => undefined, { timezone: 'UTC' });
      for (const at of walk(slots(expression, 'UTC'), Date.parse('2027-02-20T00:00:00Z'), 20)) expect(task.match(new Date(at))).toBe(true);
      void task.destroy();
    }
  });

  it('builds no Intl date formatter for plain UTC expressions, from start to dispose', () => {
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    expect(isValidTimeZone('UTC')).toBe(true);
    const digest = slots('0 9 * * 1-5', 'UTC');
    expect(new Date(digest.next(Date.parse('2026-12-04T09:00:00Z')) ?? 0).toISOString()).toBe('2026-12-07T09:00:00.000Z');
    digest.previous(Date.parse('2026-12-04T10:00:00Z'), 0);
    made.splice(0).forEach((s) => s.dispose());
    expect(built).not.toHaveBeenCalled();
  });

  it('still refuses an unknown zone', () => {
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('utc')).toBe(true);
  });
});

describe('times shown in UTC', () => {
  it('read as Intl writes them, without building an Intl formatter', async () => {
    const { formatDate, formatDateTime } = await import('../../../src/ground/time-format.js');
    const instants = [0, Date.parse('2026-12-03T18:52:59.999Z'), Date.parse('2028-02-29T00:00:00Z'), Date.parse('1969-12-31T23:59:30Z'), Date.parse('9999-12-31T23:59:00Z'), 1_764_000_000_123, Date.UTC(1000, 0, 1)];
    const expected = instants.map((at) => {
      const viaIntl = [formatDate(at, 'Etc/UTC'), formatDateTime(at, 'Etc/UTC')];
      return viaIntl;
    });
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    expect(instants.map((at) => [formatDate(at, 'UTC'), formatDateTime(at, 'UTC')])).toEqual(expected);
    expect(built).not.toHaveBeenCalled();
    expect(formatDateTime(Date.parse('2026-12-03T18:52:59Z'), 'UTC')).toBe('2026-12-03 18:52');
    vi.restoreAllMocks();
    // Before year 1000 Intl writes fewer year digits than toISOString: those still go through Intl.
    const early = Date.UTC(999, 11, 31, 23, 59);
    expect([formatDate(early, 'UTC'), formatDateTime(early, 'UTC')]).toEqual([formatDate(early, 'Etc/UTC'), formatDateTime(early, 'Etc/UTC')]);
  });
});
