/**
 * The whole app (createApp, config/default.yaml, manual clock) when its store refuses writes: a full disk
 * through SQLite's max_page_count, a read-only database through `PRAGMA query_only`. A command it cannot
 * commit gets the cause as its answer and changes nothing; /healthz and `!release status` show the outage;
 * the log has one line per outage and the leads are told; the reminders survive; all of it recovers once
 * there is room, each post delivered once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { opsRoutes } from '../../src/ops/ops-routes.js';
import type { Publisher } from '../../src/publish/publisher.js';
import { DAY, MINUTE } from '../../src/ground/clock.js';
import { capturingLogger, type LogEntry } from '../helpers/capturing-logger.js';
import { fillDatabase, makeRoom } from '../helpers/fill-database.js';
import { serveRoutes } from '../helpers/serve-routes.js';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A started test app whose log lines are kept. */
async function started(options: TestAppOptions = {}): Promise<{ t: TestApp; logs: LogEntry[] }> {
  const { log, entries: logs } = capturingLogger('info');
  const t = createTestApp({ ...options, log });
  cleanups.push(() => t.close());
  await t.app.start();
  return { t, logs };
}

const logged = (logs: readonly LogEntry[], text: string): LogEntry[] => logs.filter((l) => l.msg.includes(text));

async function health(t: TestApp): Promise<{ status: number; body: Record<string, unknown> }> {
  const served = await serveRoutes(opsRoutes({ store: t.app.store, networks: t.app.networks, registry: t.app.metrics!.registry }));
  try {
    const { status, text } = await served.get('/healthz');
    return { status, body: JSON.parse(text) as Record<string, unknown> };
  } finally {
    await served.close();
  }
}

describe('a full disk (max_page_count)', () => {
  it('answers a command it cannot commit with the cause, changing nothing; status, /healthz, the log and the leads show the outage once', async () => {
    const { t, logs } = await started();
    expect((await t.say('!release new v0.5.0')).tone).toBe('ok');
    t.ci.set('pass');
    t.takeOutput();
    fillDatabase(t.app.store.db);
    const before = t.snapshot();

    for (const command of ['!release advance', '!release abort v0.5.0 the disk is full']) {
      const said = await t.say(command);
      expect(said.text).toMatch(/^I could not record that: the disk is full\. Nothing was changed/);
      expect(said.text).not.toMatch(/Something went wrong/);
    }
    expect(t.snapshot()).toEqual(before);

    expect((await t.say('!release status')).lines[0]).toBe(
      'Storage: writes failing since 2026-01-05 09:00 (disk full); changes cannot be recorded until it is fixed.',
    );
    const down = await health(t);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ok: false, store: 'down', storeFault: 'full', storeFailingSince: '2026-01-05T09:00:00.000Z' });

    // An hour of outage: one log line naming the cause, one notice to the leads (the shell is their room here).
    await t.clock.advanceBy(60 * MINUTE);
    expect(logged(logs, 'the store refuses writes')).toEqual([
      expect.objectContaining({ level: 50, msg: 'the store refuses writes: the disk is full', code: 'SQLITE_FULL', cause: 'database or disk is full' }),
    ]);
    const shown = t.takeOutput();
    expect(shown.match(/Storage problem: I cannot write to my database since 2026-01-05 09:00: the disk is full\./g)).toHaveLength(1);

    // Room again: the probe notices within a minute; logged and told once; commands work again.
    makeRoom(t.app.store.db);
    await t.clock.advanceBy(MINUTE);
    expect(t.app.store.writes.outage).toBeNull();
    expect(logged(logs, 'the store takes writes again')).toHaveLength(1);
    expect(t.takeOutput()).toMatch(/^Storage works again \(writes failed from 2026-01-05 09:00 to 2026-01-05 10:0\d: the disk is full\)/m);
    expect((await health(t)).status).toBe(200);
    expect((await t.say('!release advance')).tone).toBe('ok');
    expect(logged(logs, 'the store refuses writes')).toHaveLength(1);
  });

  it('holds a post whose outcome it cannot record, without spinning, and delivers every post exactly once after room is made', async () => {
    // Each post first meets a gateway error page long enough that recording the retry needs a new page.
    const tried = new Map<string, number>();
    const flaky = (inner: Publisher): Publisher => ({
      destination: inner.destination,
      targets: (audience) => inner.targets(audience),
      async deliver(effect) {
        const n = (tried.get(effect.key) ?? 0) + 1;
        tried.set(effect.key, n);
        return n === 1 ? { kind: 'retry', reason: `GitHub answered 502: ${'<p>Bad gateway</p>'.repeat(600)}` } : inner.deliver(effect);
      },
    });
    const { t, logs } = await started({ decoratePublisher: flaky, backoff: { firstMs: 1_000, maxMs: 10_000 } });
    const release = t.app.worker.hold();
    expect((await t.say('!release new v0.5.0')).tone).toBe('ok');
    const queued = t.app.store.outbox.pendingCount();
    expect(queued).toBeGreaterThan(0);
    fillDatabase(t.app.store.db);
    release();
    await t.app.worker.idle();
    await t.clock.advanceBy(30 * MINUTE);
    await t.app.worker.idle();
    // Half an hour full: each lane's first post tried once, nothing posted, nothing tried again.
    expect(Math.max(...tried.values())).toBe(1);
    expect(t.takePosts()).toEqual([]);
    expect(logged(logs, 'the store refuses writes')).toHaveLength(1);

    makeRoom(t.app.store.db);
    await t.clock.advanceBy(5 * MINUTE);
    await t.app.worker.idle();
    // What `!release new` queued (GitHub's branch, pre-release, issue), beside the leads' delay notices.
    const posts = t.takePosts().filter((p) => p.startsWith('[github]'));
    expect(t.app.store.outbox.pendingCount()).toBe(0);
    expect(posts).toHaveLength(queued);
    expect(new Set(posts).size).toBe(posts.length);
    expect(t.app.store.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'delivered' AND destination = 'github'").get()).toEqual({ n: queued });
  });
});

describe('a read-only database (query_only)', () => {
  it('says so in the answer, and the reminders back off instead of crashing; the digest goes out once when writes work', async () => {
    const { t, logs } = await started();
    expect((await t.say('!release new v0.5.0')).tone).toBe('ok');
    t.takeOutput();
    t.app.store.db.pragma('query_only = 1');
    expect((await t.say('!release abort v0.5.0 gone')).text).toMatch(/^I could not record that: the database is read-only\. Nothing was changed/);

    // The next morning's digest slot, and a jump past the replay limit (the scheduler stops and restarts):
    // neither may throw; the slot is tried again on a growing wait.
    await t.clock.advanceBy(DAY);
    await t.app.dispatcher.handle('hello', t.person('lead'));
    expect(t.takePosts().filter((p) => p.includes('Daily digest'))).toEqual([]);
    expect(logged(logs, 'the store refuses writes')).toHaveLength(1);
    expect(logged(logs, 'scheduled task failed')).toEqual([]);

    t.app.store.db.pragma('query_only = 0');
    await t.clock.advanceBy(2 * MINUTE);
    await t.app.worker.idle();
    expect(t.app.store.writes.outage).toBeNull();
    const digests = t.takePosts().filter((p) => p.includes('Daily digest'));
    expect(digests.length).toBeGreaterThan(0);
    await t.clock.advanceBy(10 * MINUTE);
    await t.app.worker.idle();
    expect(t.takePosts().filter((p) => p.includes('Daily digest'))).toEqual([]);
  });

  it('stops cleanly while writes fail (the scheduler writes when it last ran on stop), closing the store', async () => {
    const { t } = await started();
    t.app.store.db.pragma('query_only = 1');
    await expect(t.app.stop()).resolves.toBeUndefined();
    expect(t.app.store.db.open).toBe(false);
  });
});
