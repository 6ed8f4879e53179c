import { describe, expect, it } from 'vitest';
import type { Destination } from '../../../src/ground/effects.js';
import { DelayNotices } from '../../../src/publish/delay-notices.js';
import { AdjustableClock, MINUTE } from '../../../src/ground/clock.js';
import type { OutboxEntry } from '../../../src/store/outbox-repo.js';

const START = Date.parse('2026-01-05T09:00:00Z');

function entry(id: number, destination: Destination, createdAt = START): OutboxEntry {
  return {
    id,
    key: `k${id}`,
    destination,
    target: '',
    release: 'v0.5.0',
    releaseId: 1,
    attempts: 1,
    createdAt,
    status: 'pending',
    nextAttemptAt: createdAt,
    lastError: null,
    payload: { action: 'create-branch', branch: 'release-v0.5.0', from: 'master' },
  } as OutboxEntry;
}

function setup() {
  const clock = AdjustableClock.manual(START);
  const pending: OutboxEntry[] = [entry(1, 'github'), entry(2, 'github'), entry(3, 'irc')];
  const notices = new Map<string, string>();
  const delays = new DelayNotices({
    pendingOf: (d) => pending.filter((e) => e.destination === d),
    clock,
    afterMs: 5 * MINUTE,
    notify: (key, text) => void (notices.has(key) || notices.set(key, text)),
    noticed: (key) => notices.has(key),
    formatTime: (at) => new Date(at).toISOString().slice(11, 16),
  });
  return { clock, pending, notices, delays };
}

describe('delay notices', () => {
  it('says nothing before the threshold, then once per outage however often it retries', async () => {
    const { clock, pending, notices, delays } = setup();
    delays.retrying(pending[0]!, 'GitHub answered 500', clock.now() + 10_000);
    expect(notices.size).toBe(0);
    await clock.advanceBy(5 * MINUTE);
    delays.retrying(pending[0]!, 'GitHub answered 500', clock.now() + 60_000);
    delays.retrying(pending[0]!, 'GitHub answered 429', clock.now() + 60_000);
    expect([...notices]).toEqual([
      ['delay:github:1', 'GitHub has not taken posts for 5m (GitHub answered 500): 2 posts waiting (create-branch for v0.5.0; create-branch for v0.5.0). Retrying on its own, next at 09:06; nothing to do yet.'],
    ]);
  });

  it('tells at once when the service asks for a wait longer than the threshold', () => {
    const { clock, pending, notices, delays } = setup();
    delays.retrying(pending[0]!, 'GitHub answered 429', clock.now() + 15 * MINUTE);
    expect([...notices.keys()]).toEqual(['delay:github:1']);
  });

  it('says once when the outage the leads heard of is over, and nothing for a post that never waited long', async () => {
    const { clock, pending, notices, delays } = setup();
    delays.delivered(pending[0]!);
    expect(notices.size).toBe(0);
    await clock.advanceBy(6 * MINUTE);
    delays.retrying(pending[0]!, 'timeout', clock.now() + 60_000);
    const first = pending.shift()!;
    await clock.advanceBy(MINUTE);
    delays.delivered(first);
    delays.delivered(first);
    expect(notices.get('recovered:github:1')).toBe('GitHub takes posts again: create-branch for v0.5.0 delivered after 7m; 1 more on their way.');
    expect(notices.size).toBe(2);
  });

  it('never notices a chat network (it could not carry the news of its own outage)', async () => {
    const { clock, pending, notices, delays } = setup();
    await clock.advanceBy(30 * MINUTE);
    delays.retrying(pending[2]!, 'disconnected', clock.now() + 60_000);
    expect(notices.size).toBe(0);
  });
});
