/**
 * Issue 13, finding 5: a kill between committing a schedule claim and queueing its notices lost the slot
 * for good — the claim stayed open with a lease measured from the slot's time, and the replayed slot was
 * refused ("another instance runs this slot"). Now the claim and the notices commit together, and a claim
 * left open by a dead process is taken over: the slot is sent once after the restart, late if it is past.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdjustableClock, HOUR, MINUTE } from '../../../src/ground/clock.js';
import { CronSlots } from '../../../src/schedule/cron-slots.js';
import { StoreRunCoordinator } from '../../../src/schedule/run-coordinator.js';
import { Scheduler } from '../../../src/schedule/scheduler.js';
import { silentLogger } from '../../../src/log/logger.js';
import { Store } from '../../../src/store/store.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

const SLOT = Date.parse('2026-01-05T09:00:00Z'); // a Monday: the digest's first slot
const CLAIM = 'digest:2026-01-05T09:00:00.000Z';

const open: TestApp[] = [];
const dirs: string[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.useRealTimers();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-claims-'));
  dirs.push(dir);
  return dir;
}

async function app(at: number, dataDir: string): Promise<TestApp> {
  vi.setSystemTime(at);
  const t = createTestApp({ start: at, dataDir });
  open.push(t);
  await t.app.start();
  await t.app.worker.idle();
  return t;
}

/** The digests queued (their Matrix copies): slot key, when queued, text. */
function digests(t: TestApp): { key: string; at: string; text: string }[] {
  return t.app.store.db
    .prepare<[], { key: string; created_at: number; payload: string }>(
      "SELECT key, created_at, payload FROM outbox WHERE destination = 'matrix' AND key LIKE 'remind:digest:%' ORDER BY id",
    )
    .all()
    .map((r) => ({ key: r.key, at: new Date(r.created_at).toISOString(), text: (JSON.parse(r.payload) as { text: string }).text }));
}

/**
 * A release in stage 1 before the 09:00 digest, then the state a SIGKILL left on 2f961fc in the kill
 * window: the slot's claim committed (its owner gone, its lease the slot plus five minutes, not done) and
 * none of its notices queued.
 */
async function killedInTheWindow(dataDir: string): Promise<void> {
  const first = await app(SLOT - 30 * MINUTE, dataDir);
  await first.say('!release new v0.5.0');
  first.ci.set('pass');
  expect((await first.say('!release advance')).tone).toBe('ok');
  await first.close();
  open.splice(open.indexOf(first), 1);
  const store = Store.open(join(dataDir, 'stagehand.db'));
  store.db
    .prepare('INSERT INTO schedule_claims (key, owner, lease_until, done_at) VALUES (?, ?, ?, NULL)')
    .run(CLAIM, 'a process that was SIGKILLed', SLOT + 5 * MINUTE);
  store.close();
}

describe('a schedule claim left by a killed process', () => {
  it('does not stop the slot: replayed at its time after the restart, the digest goes out once', async () => {
    const dataDir = tempDir();
    await killedInTheWindow(dataDir);
    // The shell restores its clock to where it was before the /time that was killed: the slot comes round again.
    const second = await app(SLOT - 30 * MINUTE, dataDir);
    await second.clock.advanceTo(SLOT + HOUR);
    await second.app.worker.idle();
    expect(digests(second).map((d) => d.at)).toEqual(['2026-01-05T09:00:00.000Z']);
    expect(digests(second)[0]?.text).toMatch(/^Daily digest, 2026-01-05:/);
    const claim = second.app.store.db.prepare<[string], { done_at: number | null }>('SELECT done_at FROM schedule_claims WHERE key = ?').get(CLAIM);
    expect(claim?.done_at).toBe(SLOT);
  });

  it('restarted three minutes after the slot (inside the old lease): the missed digest is sent once, marked late', async () => {
    const dataDir = tempDir();
    await killedInTheWindow(dataDir);
    const second = await app(SLOT + 3 * MINUTE, dataDir);
    expect(digests(second).map((d) => d.at)).toEqual(['2026-01-05T09:03:00.000Z']);
    expect(digests(second)[0]?.text).toMatch(/^\(Late: due 2026-01-05 09:00, while Stagehand was not running\.\) Daily digest, 2026-01-05:/);
    // Not again, on time or late, and the next day's comes as usual.
    await second.clock.advanceTo(SLOT + 25 * HOUR);
    await second.app.worker.idle();
    expect(digests(second).map((d) => d.at)).toEqual(['2026-01-05T09:03:00.000Z', '2026-01-06T09:00:00.000Z']);
  });
});

describe('claiming a slot and queueing its notices', () => {
  it('commit together: a failure part-way (as a kill would) keeps neither, and the replay sends every notice once', async () => {
    const dir = tempDir();
    const store = Store.open(join(dir, 'stagehand.db'));
    try {
      let lastRan: number | undefined = SLOT - HOUR;
      let dies = true;
      const scheduler = (clock: AdjustableClock): Scheduler =>
        new Scheduler({
          clock,
          coordinator: new StoreRunCoordinator(store.db, clock),
          jobs: [{ name: 'digest', slots: new CronSlots('0 9 * * 1-5', 'UTC'), due: () => [{ key: 'remind:a', text: 'a' }, { key: 'remind:b', text: 'b' }] }],
          notify: (notice) => {
            store.settings.set(notice.key, notice.text);
            if (dies && notice.key === 'remind:b') throw new Error('killed while queueing');
            return true;
          },
          sent: (key) => store.settings.get(key) !== undefined,
          lastRan: { get: () => lastRan, set: (at) => void (lastRan = at) },
          log: silentLogger(),
        });
      // Started three minutes after the slot it missed: the catch-up dies while queueing the second notice.
      const clock = AdjustableClock.manual(SLOT + 3 * MINUTE);
      await expect(scheduler(clock).start()).rejects.toThrow('killed while queueing');
      expect([store.settings.get('remind:a'), store.settings.get('remind:b')]).toEqual([undefined, undefined]);
      expect(store.db.prepare('SELECT COUNT(*) AS n FROM schedule_claims').get()).toEqual({ n: 0 });

      dies = false;
      const restarted = scheduler(AdjustableClock.manual(SLOT + 4 * MINUTE));
      await restarted.start();
      restarted.stop();
      expect([store.settings.get('remind:a'), store.settings.get('remind:b')]).toEqual(['a', 'b']);
      expect(store.db.prepare('SELECT key, done_at FROM schedule_claims').all()).toEqual([{ key: CLAIM, done_at: SLOT + 4 * MINUTE }]);
    } finally {
      store.close();
    }
  });
});
