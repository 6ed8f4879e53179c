import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/web/rate-limit.js';

function limiter(maxClients = 1000) {
  let now = 1_000_000;
  const rl = new RateLimiter({ burst: 3, perMinute: 60, maxClients, now: () => now });
  return { rl, advance: (ms: number) => (now += ms) };
}

describe('the webhook rate limit (a token bucket per client)', () => {
  it('lets a burst through, then refuses with the seconds until the next token', () => {
    const { rl } = limiter();
    expect([1, 2, 3].map(() => rl.take('a').allowed)).toEqual([true, true, true]);
    expect(rl.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Another client has its own bucket.
    expect(rl.take('b').allowed).toBe(true);
  });

  it('refills with the clock, up to the burst, and not when the clock goes back', () => {
    const { rl, advance } = limiter();
    for (let i = 0; i < 3; i++) rl.take('a');
    advance(999);
    expect(rl.take('a').allowed).toBe(false);
    advance(1);
    expect(rl.take('a').allowed).toBe(true);
    advance(-60_000);
    expect(rl.take('a').allowed).toBe(false);
    advance(3_600_000);
    expect([1, 2, 3, 4].map(() => rl.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('keeps memory bounded under a flood of addresses', () => {
    const { rl } = limiter(100);
    for (let i = 0; i < 100_000; i++) rl.take(`10.0.${i >> 8}.${i & 255}`);
    expect(rl.size).toBeLessThanOrEqual(100);
  });

  it('makes room by dropping refilled buckets before a client that is still limited', () => {
    const { rl, advance } = limiter(3);
    for (let i = 0; i < 4; i++) rl.take('limited');
    rl.take('b');
    rl.take('c');
    advance(2_000);
    // The limited client got back 2 of 3 tokens in 2 s; b and c are full again and hold nothing.
    rl.take('d');
    expect(rl.size).toBeLessThanOrEqual(3);
    expect([1, 2, 3].map(() => rl.take('limited').allowed)).toEqual([true, true, false]);
  });
});
