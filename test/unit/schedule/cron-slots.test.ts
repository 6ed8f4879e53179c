import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, ConfigError } from '../../../src/config/load.js';
import { CronSlots } from '../../../src/schedule/cron-slots.js';

const made: CronSlots[] = [];
const slots = (expression: string, zone: string): CronSlots => {
  const s = new CronSlots(expression, zone);
  made.push(s);
  return s;
};
afterEach(() => made.splice(0).forEach((s) => s.dispose()));
const iso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString());

describe('CronSlots (node-cron matching on any timeline)', () => {
  it('finds weekday 09:00 in Europe/Berlin across the spring DST change (UTC+1 → UTC+2)', () => {
    const digest = slots('0 9 * * 1-5', 'Europe/Berlin');
    // Friday 2026-03-27 09:00 CET is 08:00Z; the clocks go forward on Sunday 2026-03-29.
    expect(iso(digest.next(Date.parse('2026-03-27T07:00:00Z')))).toBe('2026-03-27T08:00:00.000Z');
    expect(iso(digest.next(Date.parse('2026-03-27T08:00:00Z')))).toBe('2026-03-30T07:00:00.000Z');
    expect(iso(digest.previous(Date.parse('2026-03-30T06:59:00Z'), 0))).toBe('2026-03-27T08:00:00.000Z');
  });

  it('and across the autumn change back, and skips a local time that does not exist', () => {
    const digest = slots('0 9 * * 1-5', 'Europe/Berlin');
    expect(iso(digest.next(Date.parse('2026-10-23T07:00:00Z')))).toBe('2026-10-26T08:00:00.000Z');
    const night = slots('30 2 * * *', 'Europe/Berlin');
    // 02:30 does not exist on 2026-03-29 in Berlin: no slot that day.
    expect(iso(night.next(Date.parse('2026-03-28T02:00:00Z')))).toBe('2026-03-30T00:30:00.000Z');
    // 02:30 happens twice on 2026-10-25: it fires once.
    const first = night.next(Date.parse('2026-10-24T23:00:00Z'));
    expect(iso(first)).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(night.next(first ?? 0))).toBe('2026-10-26T01:30:00.000Z');
  });

  it('previous() returns the latest slot inside the window only', () => {
    const hourly = slots('0 * * * *', 'UTC');
    expect(iso(hourly.previous(Date.parse('2026-01-08T10:30:00Z'), Date.parse('2026-01-05T00:00:00Z')))).toBe('2026-01-08T10:00:00.000Z');
    expect(hourly.previous(Date.parse('2026-01-08T10:30:00Z'), Date.parse('2026-01-08T10:00:00Z'))).toBeNull();
  });
});

describe('schedule configuration', () => {
  const base = 'project: { name: x, repo: a/b }\ncadence: { anchor: "2019-09-09" }\n';
  const problems = (text: string): string[] => {
    try {
      parseConfig(base + text);
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
    return [];
  };

  it('has working defaults', () => {
    const config = parseConfig(base);
    expect(config.schedule.digest.cron).toBe('0 9 * * 1-5');
    expect(config.schedule.testers.afterDays).toBe(2);
    expect(config.schedule.afterRelease.afterHours).toBe(48);
  });

  it('an invalid cron expression or time zone is refused and names its key', () => {
    expect(problems('schedule: { digest: { cron: "0 25 * * *" } }')).toEqual([
      'schedule.digest.cron: is not a valid cron expression: 25 is a invalid expression for hour',
    ]);
    expect(problems('schedule: { overdue: { cron: "* * * * * *" } }')[0]).toMatch(/^schedule\.overdue\.cron: must be a five-field cron expression/);
    expect(problems('schedule: { timeZone: Mars/Olympus }')).toEqual(['schedule.timeZone: must be an IANA time zone such as Europe/Berlin']);
    expect(problems('schedule: { cadence: { daysBefore: 0 } }')[0]).toMatch(/^schedule\.cadence\.daysBefore: /);
    expect(problems('schedule: { digst: {} }')).toEqual(['schedule.digst: unknown key (a typo? did you mean digest?)']);
  });
});
