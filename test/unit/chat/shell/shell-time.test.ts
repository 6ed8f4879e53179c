import { describe, expect, it } from 'vitest';
import { runShellCommand, type ShellControls } from '../../../../src/chat/shell/shell-commands.js';

const START = Date.parse('2030-01-01T00:00:00Z');

function controls(): ShellControls & { moves: number[] } {
  let now = START;
  const moves: number[] = [];
  return {
    moves,
    now: () => now,
    advanceTo: async (at) => {
      moves.push(at);
      now = at;
    },
    setCi: () => undefined,
    ciState: () => 'pass',
    settle: async () => undefined,
    holdDelivery: () => () => undefined,
    describePerson: (name) => name,
    timeZone: 'UTC',
  };
}

describe('/time with a date (issue 13, finding 7)', () => {
  it.each([
    ['2030-02-30', '2030-02-30 is not a real date: February 2030 has 28 days. The clock was not moved.'],
    ['2030-02-29T09:00Z', '2030-02-29 is not a real date: February 2030 has 28 days. The clock was not moved.'],
    ['2030-04-31', '2030-04-31 is not a real date: April 2030 has 30 days. The clock was not moved.'],
    ['2030-13-01', '2030-13-01 is not a real date: there is no month 13. The clock was not moved.'],
    ['2030-00-10', '2030-00-10 is not a real date: there is no month 0. The clock was not moved.'],
    ['2030-01-01T24:00Z', '24:00 is not a time of day: hours go to 23, minutes and seconds to 59. The clock was not moved.'],
    ['2030-01-01T09:60Z', '09:60 is not a time of day: hours go to 23, minutes and seconds to 59. The clock was not moved.'],
    ['2030-01-01T09:00+25:00', '+25:00 is not a time zone offset. The clock was not moved.'],
    ['2030-01-02 junk', '"2030-01-02 junk" is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MMZ, such as 2026-12-24T09:00Z. The clock was not moved.'],
  ])('refuses %s with a clear message and does not move the clock', async (date, message) => {
    const c = controls();
    const result = await runShellCommand(`/time ${date}`, 'lead', c);
    expect(result.output).toEqual([message]);
    expect(c.moves).toEqual([]);
    expect(c.now()).toBe(START);
  });

  it.each([
    ['2032-02-29', '2032-02-29T00:00:00Z'],
    ['2030-03-02T09:30Z', '2030-03-02T09:30:00Z'],
    ['2030-12-31T23:59:59Z', '2030-12-31T23:59:59Z'],
    ['2030-06-01T12:00+02:00', '2030-06-01T10:00:00Z'],
  ])('moves the clock to %s, a real date', async (date, iso) => {
    const c = controls();
    const result = await runShellCommand(`/time ${date}`, 'lead', c);
    expect(c.moves).toEqual([Date.parse(iso)]);
    expect(result.output[0]).toMatch(/^time is now /);
  });
});
