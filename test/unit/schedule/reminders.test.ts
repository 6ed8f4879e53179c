/**
 * The scheduled reminders, end to end through the real app (createApp on a temporary SQLite store) with the
 * real node-cron doing the matching, the manual clock moving time, and vitest's fake timers so that nothing
 * waits on a real timer. Each reminder is read back from the outbox: its key, when it was queued, its text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../../src/config/schema.js';
import { DAY, HOUR, MINUTE } from '../../../src/ground/clock.js';
import { StoreRunCoordinator } from '../../../src/schedule/run-coordinator.js';
import { AdjustableClock } from '../../../src/ground/clock.js';
import { Store } from '../../../src/store/store.js';
import { allTestersOk, createTestApp, type TestApp, TESTERS } from '../../helpers/test-app.js';

interface Sent {
  readonly key: string;
  readonly at: string;
  readonly text: string;
  readonly target: string;
}

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

function sharedDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-schedule-'));
  dirs.push(dir);
  return dir;
}

async function app(start: string, options: { zone?: string; dataDir?: string; configure?: (c: Config) => Config } = {}): Promise<TestApp> {
  vi.setSystemTime(Date.parse(start));
  const t = createTestApp({
    start: Date.parse(start),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    configure: (c) => (options.configure ?? ((x: Config) => x))({ ...c, timeZone: options.zone ?? c.timeZone }),
  });
  open.push(t);
  await t.app.start();
  await t.app.worker.idle();
  return t;
}

async function at(t: TestApp, when: string): Promise<void> {
  await t.clock.advanceTo(Date.parse(when));
  await t.app.worker.idle();
}

/** Reminders of `kind` queued so far, one per reminder (the Matrix copy), oldest first. */
function sent(t: TestApp, kind: string): Sent[] {
  return t.app.store.db
    .prepare<[string], { key: string; created_at: number; payload: string; target: string }>(
      "SELECT key, created_at, payload, target FROM outbox WHERE destination = 'matrix' AND key LIKE ? ORDER BY id",
    )
    .all(`remind:${kind}:%`)
    .map((r) => ({ key: r.key, at: new Date(r.created_at).toISOString(), text: (JSON.parse(r.payload) as { text: string }).text, target: r.target }));
}
const times = (list: readonly Sent[]): string[] => list.map((s) => s.at);

async function toStage1(t: TestApp, version = 'v0.5.0'): Promise<void> {
  await t.say(`!release new ${version}`);
  t.ci.set('pass');
  expect((await t.say(`!release advance ${version}`)).tone).toBe('ok');
}

describe('daily digest', () => {
  it('goes to the leads at 09:00 on weekdays in the configured zone, across the DST change in Europe/Berlin', async () => {
    const t = await app('2026-03-23T10:00:00Z', { zone: 'Europe/Berlin' });
    await toStage1(t);
    await at(t, '2026-04-01T12:00:00Z');
    // 09:00 CET is 08:00Z until Friday 27 March; after the clocks go forward on the 29th, 09:00 CEST is 07:00Z.
    expect(times(sent(t, 'digest'))).toEqual([
      '2026-03-24T08:00:00.000Z',
      '2026-03-25T08:00:00.000Z',
      '2026-03-26T08:00:00.000Z',
      '2026-03-27T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
      '2026-04-01T07:00:00.000Z',
    ]);
    const last = sent(t, 'digest').at(-1)?.text ?? '';
    expect(last).toContain('Daily digest, 2026-04-01:');
    expect(last).toContain('v0.5.0-rc1: stage 1 (internal testing) for 8d 21h');
    expect(last).toContain('7d expected — overdue by');
    expect(last).toContain('Next branch date: 2026-05-11 (v0.6.0).');
  });

  it('lists testers who have not answered and posts that failed; nothing active and nothing failed: no digest', async () => {
    const t = await app('2026-01-05T10:00:00Z');
    await at(t, '2026-01-09T10:00:00Z');
    expect(sent(t, 'digest')).toEqual([]);
    await toStage1(t);
    await t.say('!release advance');
    await t.say('!tested ok', 'infura');
    await at(t, '2026-01-12T10:00:00Z');
    const [digest] = sent(t, 'digest');
    expect(digest?.at).toBe('2026-01-12T09:00:00.000Z');
    expect(digest?.text).toContain('not answered: Textile, Pinata, RTrade, QRI, Siderus');
  });
});

describe('overdue stages', () => {
  it('mention the leads once when a feature stage passes 7 days, then once a day, and stop when it moves', async () => {
    const t = await app('2026-01-05T08:30:00Z');
    await toStage1(t);
    await at(t, '2026-01-13T12:00:00Z');
    await t.say('!release advance');
    await at(t, '2026-01-20T11:00:00Z');
    const overdue = sent(t, 'overdue');
    expect(times(overdue)).toEqual(['2026-01-12T09:00:00.000Z', '2026-01-13T09:00:00.000Z']);
    expect(overdue[0]?.text).toBe(
      'v0.5.0-rc1 is overdue in stage 1 (internal testing): 7d there, 7d expected. Move it on (!release advance v0.5.0), or restart or abort it.',
    );
    expect(overdue[1]?.text).toContain('(day 2 overdue)');
    // Stage 2 has its own 7 days, counted from when it was entered.
    await at(t, '2026-01-20T12:00:00Z');
    expect(sent(t, 'overdue').at(-1)?.text).toMatch(/^v0\.5\.0-rc1 is overdue in stage 2 \(community dev testing\)/);
  });

  it('use the patch times (internal 1 day, prod 2 days) and the compressed time after a restart', async () => {
    const t = await app('2026-01-05T08:30:00Z');
    await toStage1(t, 'v0.4.1');
    await at(t, '2026-01-06T10:30:00Z');
    await t.say('!release advance');
    await at(t, '2026-01-08T11:30:00Z');
    expect(sent(t, 'overdue').map((s) => `${s.at} ${s.text.split(':')[0]}`)).toEqual([
      '2026-01-06T09:00:00.000Z v0.4.1-rc1 is overdue in stage 1 (internal testing)',
      '2026-01-08T11:00:00.000Z v0.4.1-rc1 is overdue in stage 3 (community prod testing)',
    ]);
  });

  it('after a restart, a stage completed once is overdue after the compressed time (2 days, not 7)', async () => {
    const t = await app('2026-01-05T08:30:00Z');
    await toStage1(t);
    await at(t, '2026-01-06T10:30:00Z');
    await t.say('!release advance');
    await t.say('!release restart #6255 fix merged');
    expect((await t.say('!release advance')).text).toContain('v0.5.0-rc2 is now at stage 1');
    await at(t, '2026-01-09T12:00:00Z');
    expect(sent(t, 'overdue').map((s) => `${s.at} ${s.text.split('. ')[0]}`)).toEqual([
      '2026-01-08T11:00:00.000Z v0.5.0-rc2 is overdue in stage 1 (internal testing): 2d there, 2d expected',
      '2026-01-09T11:00:00.000Z v0.5.0-rc2 is overdue in stage 1 (internal testing) (day 2 overdue): 3d there, 2d expected',
    ]);
  });
});

describe('six-week cadence', () => {
  it('mentions the leads 3 days before the branch date and on the day, with the version and what holds a running release', async () => {
    const t = await app('2026-01-05T08:00:00Z');
    await toStage1(t);
    await t.say('!release advance');
    await at(t, '2026-02-17T12:00:00Z');
    const cadence = sent(t, 'cadence');
    expect(times(cadence)).toEqual(['2026-02-13T09:00:00.000Z', '2026-02-16T09:00:00.000Z']);
    expect(cadence[0]?.text).toBe(
      'Branch day in 3 days (2026-02-16): cut v0.6.0 from master (!release new v0.6.0). v0.5.0-rc1 is still running, at stage 2 (community dev testing); ' +
        'what holds it: waiting for Infura, Textile, Pinata, RTrade, QRI, Siderus.',
    );
    expect(cadence[1]?.text).toMatch(/^Branch day today \(2026-02-16\): cut v0\.6\.0 from master/);
  });

  it('fires at 09:00 local time on both sides of the DST change in Europe/Berlin', async () => {
    const t = await app('2026-03-20T12:00:00Z', { zone: 'Europe/Berlin' });
    await at(t, '2026-03-31T12:00:00Z');
    // The branch date 2026-03-30 is the day after the clocks go forward: 3 days before is still CET.
    expect(times(sent(t, 'cadence'))).toEqual(['2026-03-27T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('says nothing more once the branch is cut', async () => {
    const t = await app('2026-01-06T08:00:00Z');
    await at(t, '2026-02-14T12:00:00Z');
    expect(sent(t, 'cadence').map((s) => s.text)).toEqual([
      'Branch day in 3 days (2026-02-16): cut the next feature release from master (!release new <version>).',
    ]);
    await t.say('!release new v0.6.0');
    await at(t, '2026-02-17T12:00:00Z');
    expect(sent(t, 'cadence')).toHaveLength(1);
  });
});

describe('after a release', () => {
  async function release(t: TestApp): Promise<void> {
    await toStage1(t);
    await t.say('!release advance');
    await allTestersOk(t);
    await t.say('!release advance');
    await allTestersOk(t);
    expect((await t.say('!release advance')).text).toContain('Released v0.5.0');
  }

  it('reminds the leads once when no next release has started 48 hours after stage 4', async () => {
    const t = await app('2026-01-05T08:30:00Z');
    await release(t);
    await at(t, '2026-01-12T00:00:00Z');
    const after = sent(t, 'after-release');
    expect(times(after)).toEqual(['2026-01-07T09:00:00.000Z']);
    expect(after[0]?.text).toMatch(/^v0\.5\.0 was released 2d ago and no next release has started\./);
  });

  it('does not when the next release started in time', async () => {
    const t = await app('2026-01-05T08:30:00Z');
    await release(t);
    await at(t, '2026-01-06T12:00:00Z');
    await t.say('!release new v0.5.1');
    await at(t, '2026-01-12T00:00:00Z');
    expect(sent(t, 'after-release')).toEqual([]);
  });
});

describe('tester reminders', () => {
  it('mention only the testers who have not answered, in the testers room, after 2 days and then daily, until they answer', async () => {
    const t = await app('2026-01-05T08:30:00Z');
    await toStage1(t);
    await t.say('!release advance');
    await t.say('!tested ok', 'infura');
    await t.say('!tested issue it crashes', 'textile');
    await at(t, '2026-01-08T10:00:00Z');
    for (const name of TESTERS.slice(2)) await t.say('!tested ok', name);
    await at(t, '2026-01-12T10:00:00Z');
    const reminders = sent(t, 'testers');
    expect(times(reminders)).toEqual(['2026-01-07T09:00:00.000Z', '2026-01-08T09:00:00.000Z']);
    expect(reminders[0]?.text).toContain('Not answered yet: Pinata, RTrade, QRI, Siderus.');
    const posted = t.takePosts().filter((l) => l.includes('Reminder: v0.5.0-rc1'));
    expect(posted[0]).toBe(
      '[matrix testers room] @pinata @rtrade @qri @siderus: Reminder: v0.5.0-rc1 has been in dev testing for 2d. ' +
        'Please answer: !tested ok, !tested issue <note> or !tested skip. Not answered yet: Pinata, RTrade, QRI, Siderus.',
    );
  });
});

describe('restarts, downtime and a second instance', () => {
  it('a restart in the middle of the day sends nothing again', async () => {
    const dataDir = sharedDir();
    const first = await app('2026-01-05T08:30:00Z', { dataDir });
    await toStage1(first);
    await at(first, '2026-01-12T09:30:00Z');
    const before = { digest: sent(first, 'digest').length, overdue: sent(first, 'overdue').length };
    expect(before).toEqual({ digest: 6, overdue: 1 });
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await app('2026-01-12T09:40:00Z', { dataDir });
    expect(second.takePosts()).toEqual([]);
    expect({ digest: sent(second, 'digest').length, overdue: sent(second, 'overdue').length }).toEqual(before);
  });

  it('a crash (no orderly stop) followed by a restart sends nothing again either', async () => {
    const dataDir = sharedDir();
    const crashed = await app('2026-01-05T08:30:00Z', { dataDir });
    await toStage1(crashed);
    await crashed.say('!release advance');
    await at(crashed, '2026-01-12T09:30:00Z');
    const before = ['digest', 'overdue', 'testers'].map((k) => sent(crashed, k).length);
    expect(before).toEqual([6, 1, 6]);
    // The crashed instance never stopped: the schedule's "last ran" is still its start a week ago.
    const restarted = await app('2026-01-12T09:45:00Z', { dataDir });
    expect(restarted.takePosts()).toEqual([]);
    expect(['digest', 'overdue', 'testers'].map((k) => sent(restarted, k).length)).toEqual(before);
  });

  it('three days of downtime produce one catch-up digest, which says it is late', async () => {
    const dataDir = sharedDir();
    const first = await app('2026-01-05T08:30:00Z', { dataDir });
    await toStage1(first);
    await at(first, '2026-01-05T10:00:00Z');
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await app('2026-01-08T15:00:00Z', { dataDir });
    const digests = sent(second, 'digest');
    expect(times(digests)).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-08T15:00:00.000Z']);
    expect(digests[1]?.text).toMatch(/^\(Late: due 2026-01-08 09:00, while Stagehand was not running\.\) Daily digest, 2026-01-08:/);
    await at(second, '2026-01-09T10:00:00Z');
    expect(times(sent(second, 'digest')).at(-1)).toBe('2026-01-09T09:00:00.000Z');
  });

  it('two instances on one database send each slot once', async () => {
    const dataDir = sharedDir();
    const a = await app('2026-01-05T08:30:00Z', { dataDir });
    const b = await app('2026-01-05T08:30:00Z', { dataDir });
    await toStage1(a);
    await a.say('!release advance');
    for (let day = 1; day <= 12; day++) {
      const when = new Date(Date.parse('2026-01-05T08:30:00Z') + day * DAY).toISOString();
      // Alternate which instance reaches each day first.
      const [x, y] = day % 2 ? [a, b] : [b, a];
      await at(x, when);
      await at(y, when);
    }
    const shown = [...a.takePosts(), ...b.takePosts()].filter((l) => l.startsWith('[matrix') && /Daily digest|overdue|Reminder/.test(l));
    expect(new Set(shown).size).toBe(shown.length);
    // Weekday digests (10), tester reminders from day 2 (10), overdue from day 7 (5): each once.
    expect([sent(a, 'digest').length, sent(a, 'testers').length, sent(a, 'overdue').length]).toEqual([10, 10, 5]);
    expect(shown).toHaveLength(10 + 10 + 5);
    const owners = a.app.store.db.prepare<[], { owner: string }>('SELECT DISTINCT owner FROM schedule_claims').all();
    expect(owners.length).toBe(2);
  });
});

describe('StoreRunCoordinator (node-cron RunCoordinator on SQLite)', () => {
  it('elects one instance per slot; a crashed claimant’s lease runs out; a completed slot stays taken', async () => {
    const dir = sharedDir();
    const clock = AdjustableClock.manual(Date.parse('2026-01-05T09:00:00Z'));
    const one = Store.open(join(dir, 'db'));
    const two = Store.open(join(dir, 'db'));
    try {
      const a = new StoreRunCoordinator(one.db, clock);
      const b = new StoreRunCoordinator(two.db, clock);
      expect(a.shouldRun('digest:2026-01-05T09:00:00.000Z', 5 * MINUTE)).toBe(true);
      expect(b.shouldRun('digest:2026-01-05T09:00:00.000Z', 5 * MINUTE)).toBe(false);
      await clock.advanceBy(10 * MINUTE);
      expect(b.shouldRun('digest:2026-01-05T09:00:00.000Z', 5 * MINUTE)).toBe(true);
      b.onComplete('digest:2026-01-05T09:00:00.000Z');
      await clock.advanceBy(HOUR);
      expect(a.shouldRun('digest:2026-01-05T09:00:00.000Z', 5 * MINUTE)).toBe(false);
    } finally {
      one.close();
      two.close();
    }
  });
});

describe('!release schedule', () => {
  it('lists the reminders that fire next and when', async () => {
    const t = await app('2026-01-05T08:30:00Z');
    await toStage1(t);
    await t.say('!release advance');
    const said = await t.say('!release schedule');
    expect(said.text).toContain('Reminders due next (UTC):');
    expect(said.lines.filter((l) => /^ {2}- 2026-\S+ \d\d:\d\d — /.test(l))).toEqual([
      '  - 2026-01-05 09:00 — daily digest to the leads',
      '  - 2026-01-07 09:00 — remind testers of v0.5.0-rc1: Infura, Textile, Pinata, RTrade, QRI, Siderus',
      '  - 2026-01-12 09:00 — v0.5.0-rc1 overdue in stage 2 (then daily until it moves)',
      '  - 2026-02-13 09:00 — branch day 2026-02-16 in 3 days: v0.6.0',
      '  - 2026-02-16 09:00 — branch day 2026-02-16: cut v0.6.0',
    ]);
  });
});
