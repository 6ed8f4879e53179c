import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../../../../src/chat/irc/reconnect-backoff.js';

describe('IRC reconnect backoff', () => {
  it('doubles from the minimum up to the cap and stays there, however long the outage', () => {
    const limits = { minSeconds: 1, maxSeconds: 300 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((a) => reconnectDelayMs(a, limits) / 1000)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
    expect(reconnectDelayMs(1_000_000, limits)).toBe(300_000);
  });

  it('honours fractional and odd limits, and a cap below the minimum means the minimum', () => {
    expect([0, 1, 2, 3].map((a) => reconnectDelayMs(a, { minSeconds: 0.5, maxSeconds: 3 }))).toEqual([500, 1000, 2000, 3000]);
    expect(reconnectDelayMs(5, { minSeconds: 10, maxSeconds: 2 })).toBe(10_000);
  });
});
