import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abortRelease, advanceRelease, restartRelease, startRelease } from '../../../src/release/engine.js';
import { DEFAULT_POLICY } from '../../../src/release/policy.js';
import type { Release } from '../../../src/release/types.js';
import { formatVersion, parseVersion } from '../../../src/release/version.js';
import type { Result } from '../../../src/ground/result.js';
import type { Destination, EffectPayload } from '../../../src/ground/effects.js';
import { DAY } from '../../../src/ground/clock.js';
import { SchemaTooNewError } from '../../../src/store/database.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import type { NewOutboxEffect } from '../../../src/store/outbox-repo.js';
import { StaleReleaseError, type StoredRelease } from '../../../src/store/release-repo.js';
import { Store } from '../../../src/store/store.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0);

let dir: string;
let opened: Store[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stagehand-store-'));
  opened = [];
});

afterEach(() => {
  for (const store of opened) store.close();
  rmSync(dir, { recursive: true, force: true });
});

const dbPath = (name = 'stagehand.db'): string => join(dir, name);

function open(path = dbPath()): Store {
  const store = Store.open(path);
  opened.push(store);
  return store;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

function newRelease(version: string, now = T0): Release {
  const parsed = parseVersion(version);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return value(startRelease(parsed.value, [], { actor: 'alice', now }, DEFAULT_POLICY)).release;
}

const advanced = (release: Release, now: number, force: string | null = null, missing: string[] = []): Release =>
  value(
    advanceRelease(release, { actor: 'bob', now, gate: { open: missing.length === 0, missing }, force }, DEFAULT_POLICY),
  ).release;

/** Insert a new release in its own transaction, as the desk does. */
const insert = (store: Store, release: Release): StoredRelease => store.transaction(() => store.releases.insert(release));
const update = (store: Store, id: number, release: Release): StoredRelease => store.transaction(() => store.releases.update(id, release));

const announce = (text: string): EffectPayload => ({ action: 'announce', text });

function effect(key: string, destination: Destination = 'matrix', target = '#ipfs', releaseId: number | null = null): NewOutboxEffect {
  return { key, releaseId, destination, target, payload: announce(`text of ${key}`), createdAt: T0 };
}

const tableNames = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);

describe('opening the database', () => {
  it('runs the migrations and records their number in PRAGMA user_version', () => {
    const store = open();
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(tableNames(store.db)).toEqual(['answers', 'events', 'github_deliveries', 'issue_checklists', 'matrix_poll_explained', 'matrix_polls', 'outbox', 'post_log', 'releases', 'schedule_claims', 'settings', 'stage_visits']);
  });

  it('creates missing parent folders', () => {
    const store = open(join(dir, 'nested', 'deeper', 'stagehand.db'));
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('turns on WAL, full synchronous commits and foreign keys', () => {
    const store = open();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('keeps everything when reopened, without running the migrations again', () => {
    const first = open();
    const stored = insert(first, newRelease('v0.5.0'));
    first.transaction(() => {
      first.events.append({ releaseId: stored.id, at: T0, actor: 'alice', kind: 'started', summary: 'started v0.5.0', reason: null });
      first.outbox.enqueue([effect('k1', 'matrix', '#ipfs', stored.id)]);
    });
    first.settings.set('ci', 'green');
    first.close();

    const second = open();
    expect(second.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(second.releases.byVersion('v0.5.0')).toEqual(stored);
    expect(second.events.lastOf(stored.id, 10).map((e) => e.summary)).toEqual(['started v0.5.0']);
    expect(second.outbox.heads().map((h) => [h.key, h.release])).toEqual([['k1', 'v0.5.0']]);
    expect(second.settings.get('ci')).toBe('green');
  });

  it('refuses a database whose schema is newer than it knows, and leaves the file untouched', () => {
    const path = dbPath('future.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE from_the_future (x INTEGER)');
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    const before = readFileSync(path);

    expect(() => Store.open(path)).toThrow(SchemaTooNewError);
    expect(() => Store.open(path)).toThrow(/newer than this Stagehand understands/);

    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(tableNames(check)).toEqual(['from_the_future']);
    check.close();
  });

  it('refuses a newer database written by a newer Stagehand (already in WAL mode) without changing it', () => {
    const path = dbPath('newer.db');
    const newer = Store.open(path);
    insert(newer, newRelease('v0.5.0'));
    newer.db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    newer.close();
    const before = readFileSync(path);

    expect(() => Store.open(path)).toThrow(SchemaTooNewError);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('ReleaseRepo', () => {
  it('round-trips a new release with revision 1', () => {
    const store = open();
    const stored = insert(store, newRelease('v0.5.0'));
    expect(stored.revision).toBe(1);
    expect(stored.id).toBeGreaterThan(0);
    expect(store.releases.byVersion('v0.5.0')).toEqual(stored);
    expect(store.releases.byVersion('v0.6.0')).toBeUndefined();
  });

  it('round-trips visits, overrides, restarts and the release through updates', () => {
    const store = open();
    let stored = insert(store, newRelease('v0.5.0'));

    stored = update(store, stored.id, advanced(stored, T0 + DAY, 'flaky sharness', ['CI is failing on release-v0.5.0: sharness']));
    expect(stored.revision).toBe(2);
    expect(store.releases.byVersion('v0.5.0')).toEqual(stored);
    expect(store.releases.byVersion('v0.5.0')?.visits[0]?.override).toEqual({
      by: 'bob',
      reason: 'flaky sharness',
      missing: 'CI is failing on release-v0.5.0: sharness',
    });

    stored = update(store, stored.id, advanced(stored, T0 + 2 * DAY));
    const restart = value(restartRelease(stored, { actor: 'carol', now: T0 + 3 * DAY, reason: 'fix' }, DEFAULT_POLICY)).release;
    stored = update(store, stored.id, restart);
    const reread = store.releases.byVersion('v0.5.0');
    expect(reread).toEqual(stored);
    expect(reread).toMatchObject({ rc: 2, stage: 0, completedStages: [0, 1], revision: 4 });
    expect(reread?.visits.map((v) => [v.rc, v.stage, v.exit])).toEqual([
      [1, 0, 'advanced'],
      [1, 1, 'advanced'],
      [1, 2, 'restarted'],
      [2, 0, null],
    ]);
  });

  it('stores a released release with its end and completed stages', () => {
    const store = open();
    let stored = insert(store, newRelease('v0.5.1'));
    for (let i = 1; i <= 3; i++) stored = update(store, stored.id, advanced(stored, T0 + i * DAY));
    const reread = store.releases.byVersion('v0.5.1');
    expect(reread).toEqual(stored);
    expect(reread).toMatchObject({ status: 'released', stage: 4, endedAt: T0 + 3 * DAY, completedStages: [0, 1, 3, 4] });
  });

  it('lists active releases by version, finished ones most recent first, and every release as known', () => {
    const store = open();
    insert(store, newRelease('v0.10.0'));
    insert(store, newRelease('v0.9.1'));
    const c = insert(store, newRelease('v0.8.0'));
    const d = insert(store, newRelease('v0.7.0'));
    update(store, c.id, value(abortRelease(c, { actor: 'x', now: T0 + DAY, reason: 'r' })).release);
    update(store, d.id, value(abortRelease(d, { actor: 'x', now: T0 + 2 * DAY, reason: 'r' })).release);
    expect(store.releases.active().map((r) => formatVersion(r.version))).toEqual(['v0.9.1', 'v0.10.0']);
    expect(store.releases.recentlyEnded(10).map((r) => r.endedAt)).toEqual([T0 + 2 * DAY, T0 + DAY]);
    expect(store.releases.recentlyEnded(1)).toHaveLength(1);
    expect(store.releases.known()).toContainEqual({ version: { major: 0, minor: 8, patch: 0 }, status: 'aborted', stage: 0, endedAt: T0 + DAY });
    expect(store.releases.known()).toHaveLength(4);
  });

  it('refuses an update based on a stale revision and changes nothing', () => {
    const store = open();
    const stored = insert(store, newRelease('v0.5.0'));
    const first = advanced(stored, T0 + DAY);
    const second = value(abortRelease(stored, { actor: 'eve', now: T0 + DAY, reason: 'concurrent' })).release;
    const winner = update(store, stored.id, first);

    expect(() =>
      store.transaction(() => {
        store.events.append({ releaseId: stored.id, at: T0, actor: 'eve', kind: 'aborted', summary: 'aborted', reason: null });
        store.releases.update(stored.id, second);
      }),
    ).toThrow(StaleReleaseError);

    expect(store.releases.byVersion('v0.5.0')).toEqual(winner);
    expect(store.events.lastOf(stored.id, 10)).toEqual([]);
  });

  it('refuses a second update from the same read', () => {
    const store = open();
    const stored = insert(store, newRelease('v0.5.0'));
    const next = advanced(stored, T0 + DAY);
    update(store, stored.id, next);
    expect(() => update(store, stored.id, next)).toThrow(StaleReleaseError);
    expect(store.releases.byVersion('v0.5.0')?.visits).toHaveLength(2);
  });

  it('refuses a second release with the same version', () => {
    const store = open();
    insert(store, newRelease('v0.5.0'));
    expect(() => insert(store, newRelease('v0.5.0'))).toThrow(/UNIQUE/);
  });
});

describe('Store.transaction', () => {
  it('rolls back the release, its events and its outbox together when the work throws', () => {
    const store = open();
    expect(() =>
      store.transaction(() => {
        const stored = store.releases.insert(newRelease('v0.5.0'));
        store.events.append({ releaseId: stored.id, at: T0, actor: 'alice', kind: 'started', summary: 's', reason: null });
        store.outbox.enqueue([effect('k1', 'github', '', stored.id), effect('k2', 'matrix', '#ipfs', stored.id)]);
        throw new Error('composer blew up');
      }),
    ).toThrow('composer blew up');

    expect(store.releases.byVersion('v0.5.0')).toBeUndefined();
    expect(store.releases.known()).toEqual([]);
    expect(store.outbox.pendingCount()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM stage_visits').get()).toEqual({ n: 0 });
  });

  it('rolls back an update and its new visits when a later step fails', () => {
    const store = open();
    const stored = insert(store, newRelease('v0.5.0'));
    store.outbox.enqueue([effect('taken')]);
    expect(() =>
      store.transaction(() => {
        store.releases.update(stored.id, advanced(stored, T0 + DAY));
        store.events.append({ releaseId: stored.id, at: T0 + DAY, actor: 'bob', kind: 'advanced', summary: 'a', reason: null });
        store.outbox.enqueue([effect('fresh'), effect('taken')]);
      }),
    ).toThrow(/UNIQUE/);

    expect(store.releases.byVersion('v0.5.0')).toEqual(stored);
    expect(store.events.lastOf(stored.id, 10)).toEqual([]);
    expect(store.outbox.heads().map((h) => h.key)).toEqual(['taken']);
  });

  it('returns what the work returns when it commits', () => {
    const store = open();
    expect(store.transaction(() => 42)).toBe(42);
  });
});

describe('OutboxRepo', () => {
  function seeded(): { store: Store; ids: Record<string, number> } {
    const store = open();
    store.outbox.enqueue([
      effect('a1', 'matrix', '#ipfs'),
      effect('a2', 'matrix', '#ipfs'),
      effect('b1', 'matrix', '#ipfs-dev'),
      effect('i1', 'irc', '#ipfs'),
      effect('g1', 'github', ''),
      effect('a3', 'matrix', '#ipfs'),
    ]);
    const rows = store.db.prepare('SELECT id, key FROM outbox').all() as Array<{ id: number; key: string }>;
    return { store, ids: Object.fromEntries(rows.map((r) => [r.key, r.id])) };
  }

  const id = (ids: Record<string, number>, key: string): number => {
    const found = ids[key];
    if (found === undefined) throw new Error(`no effect ${key}`);
    return found;
  };

  it('gives the oldest pending effect of each destination and target, oldest first', () => {
    const { store } = seeded();
    expect(store.outbox.heads().map((h) => h.key)).toEqual(['a1', 'b1', 'i1', 'g1']);
    expect(store.outbox.pendingCount()).toBe(6);
  });

  it('returns the effect as enqueued, fresh and due at its creation', () => {
    const store = open();
    const stored = insert(store, newRelease('v0.5.0'));
    const payload: EffectPayload = { action: 'open-issue', version: 'v0.5.0', title: 'Release v0.5.0', body: '- [ ] a', labels: ['release'] };
    store.outbox.enqueue([{ key: 'issue', releaseId: stored.id, destination: 'github', target: '', payload, createdAt: T0 }]);
    expect(store.outbox.heads()).toEqual([
      {
        id: expect.any(Number),
        key: 'issue',
        release: 'v0.5.0',
        releaseId: 1,
        destination: 'github',
        target: '',
        payload,
        attempts: 0,
        createdAt: T0,
        status: 'pending',
        nextAttemptAt: T0,
        lastError: null,
      },
    ]);
  });

  it('keeps an effect waiting for a retry at the head of its queue, blocking the ones behind it', () => {
    const { store, ids } = seeded();
    store.outbox.markRetry(id(ids, 'a1'), T0 + 5_000, 'rate limited');
    const head = store.outbox.heads().find((h) => h.target === '#ipfs' && h.destination === 'matrix');
    expect(head).toMatchObject({ key: 'a1', status: 'pending', attempts: 1, nextAttemptAt: T0 + 5_000, lastError: 'rate limited' });
    store.outbox.markRetry(id(ids, 'a1'), T0 + 15_000, 'rate limited again');
    expect(store.outbox.heads()[0]).toMatchObject({ key: 'a1', attempts: 2, nextAttemptAt: T0 + 15_000, lastError: 'rate limited again' });
    expect(store.outbox.problems().map((p) => p.key)).toEqual(['a1']);
  });

  it('moves the queue on when the head is delivered', () => {
    const { store, ids } = seeded();
    store.outbox.markRetry(id(ids, 'a1'), T0 + 5_000, 'timeout');
    store.outbox.markDelivered(id(ids, 'a1'), T0 + 6_000);
    expect(store.outbox.heads().map((h) => h.key)).toEqual(['a2', 'b1', 'i1', 'g1']);
    expect(store.outbox.pendingCount()).toBe(5);
    expect(store.outbox.problems()).toEqual([]);
    const row = store.db.prepare('SELECT status, attempts, delivered_at, last_error FROM outbox WHERE key = ?').get('a1');
    expect(row).toEqual({ status: 'delivered', attempts: 2, delivered_at: T0 + 6_000, last_error: null });
  });

  it('takes a failed effect out of the queue and reports it as a problem', () => {
    const { store, ids } = seeded();
    store.outbox.markFailed(id(ids, 'g1'), '422 Unprocessable Entity');
    expect(store.outbox.heads().map((h) => h.key)).toEqual(['a1', 'b1', 'i1']);
    expect(store.outbox.problems()).toEqual([expect.objectContaining({ key: 'g1', status: 'failed', attempts: 1, lastError: '422 Unprocessable Entity' })]);
  });

  it('does not revive a finished effect', () => {
    const { store, ids } = seeded();
    store.outbox.markFailed(id(ids, 'g1'), 'gone');
    store.outbox.markDelivered(id(ids, 'g1'), T0);
    store.outbox.markRetry(id(ids, 'g1'), T0, 'again');
    store.outbox.markDelivered(id(ids, 'i1'), T0);
    store.outbox.markFailed(id(ids, 'i1'), 'late failure');
    const rows = store.db.prepare("SELECT key, status, attempts, last_error FROM outbox WHERE key IN ('g1', 'i1') ORDER BY key").all();
    expect(rows).toEqual([
      { key: 'g1', status: 'failed', attempts: 1, last_error: 'gone' },
      { key: 'i1', status: 'delivered', attempts: 1, last_error: null },
    ]);
  });

  it('shows a retried head with its new due time, and nothing once all is delivered', () => {
    const { store, ids } = seeded();
    for (const key of ['a2', 'b1', 'i1', 'g1', 'a3']) store.outbox.markDelivered(id(ids, key), T0);
    store.outbox.markRetry(id(ids, 'a1'), T0 + 60_000, 'busy');
    expect(store.outbox.heads().map((h) => h.nextAttemptAt)).toEqual([T0 + 60_000]);
    store.outbox.markDelivered(id(ids, 'a1'), T0 + 60_000);
    expect(store.outbox.pendingCount()).toBe(0);
    expect(store.outbox.heads()).toEqual([]);
  });

  it('rejects a second effect with the same key', () => {
    const store = open();
    store.outbox.enqueue([effect('same')]);
    expect(() => store.outbox.enqueue([effect('same', 'irc', '#other')])).toThrow(/UNIQUE/);
    expect(store.outbox.pendingCount()).toBe(1);
  });
});

describe('AnswerRepo', () => {
  it('keeps answers per release, RC and stage, in the order given', () => {
    const store = open();
    const a = insert(store, newRelease('v0.5.0'));
    const b = insert(store, newRelease('v0.6.0'));
    const answer = (person: string, at: number, answer: 'ok' | 'issue' | 'skip' = 'ok', note: string | null = null) => ({
      org: 'acme',
      person,
      answer,
      note,
      at,
    });
    store.answers.record({ releaseId: a.id, rc: 1, stage: 2 }, answer('ann', T0 + 2, 'issue', 'stalls'));
    store.answers.record({ releaseId: a.id, rc: 1, stage: 2 }, answer('art', T0 + 1));
    store.answers.record({ releaseId: a.id, rc: 1, stage: 2 }, answer('ann', T0 + 2, 'ok'));
    store.answers.record({ releaseId: a.id, rc: 1, stage: 3 }, answer('ann', T0 + 3));
    store.answers.record({ releaseId: a.id, rc: 2, stage: 2 }, answer('art', T0 + 4, 'skip'));
    store.answers.record({ releaseId: b.id, rc: 1, stage: 2 }, answer('gus', T0 + 5));

    expect(store.answers.forRound({ releaseId: a.id, rc: 1, stage: 2 })).toEqual([
      answer('art', T0 + 1),
      answer('ann', T0 + 2, 'issue', 'stalls'),
      answer('ann', T0 + 2, 'ok'),
    ]);
    expect(store.answers.forRound({ releaseId: a.id, rc: 1, stage: 3 })).toEqual([answer('ann', T0 + 3)]);
    expect(store.answers.forRound({ releaseId: a.id, rc: 2, stage: 2 })).toEqual([answer('art', T0 + 4, 'skip')]);
    expect(store.answers.forRound({ releaseId: a.id, rc: 2, stage: 3 })).toEqual([]);
    expect(store.answers.forRound({ releaseId: b.id, rc: 1, stage: 2 }).map((r) => r.person)).toEqual(['gus']);
  });

  it('refuses an answer for a release that does not exist', () => {
    const store = open();
    expect(() => store.answers.record({ releaseId: 999, rc: 1, stage: 2 }, { org: 'acme', person: 'ann', answer: 'ok', note: null, at: T0 })).toThrow(
      /FOREIGN KEY/,
    );
  });
});

describe('EventRepo', () => {
  it('gives the last events of a release, oldest first', () => {
    const store = open();
    const a = insert(store, newRelease('v0.5.0'));
    const b = insert(store, newRelease('v0.6.0'));
    for (let i = 1; i <= 5; i++) {
      store.events.append({ releaseId: a.id, at: T0 + i, actor: 'alice', kind: 'note', summary: `a${i}`, reason: i === 5 ? 'why' : null });
    }
    store.events.append({ releaseId: b.id, at: T0, actor: 'bob', kind: 'note', summary: 'b1', reason: null });
    const last = store.events.lastOf(a.id, 3);
    expect(last.map((e) => e.summary)).toEqual(['a3', 'a4', 'a5']);
    expect(last[2]).toMatchObject({ releaseId: a.id, at: T0 + 5, actor: 'alice', kind: 'note', reason: 'why' });
  });
});

describe('SettingsRepo', () => {
  it('stores, overwrites and keeps named values across a reopen', () => {
    const store = open();
    expect(store.settings.get('ci')).toBeUndefined();
    store.settings.set('ci', 'pending');
    store.settings.set('ci', 'green');
    store.settings.set('other', '');
    expect(store.settings.get('ci')).toBe('green');
    expect(store.settings.get('other')).toBe('');
    store.close();
    expect(open().settings.get('ci')).toBe('green');
  });
});

describe('PostLog', () => {
  it('records a post once: a second record of the same key returns false', () => {
    const store = open();
    expect(store.postLog.has('k')).toBe(false);
    expect(store.postLog.record('k', 'matrix', '#ipfs', T0, 'hello')).toBe(true);
    expect(store.postLog.record('k', 'matrix', '#ipfs', T0 + 1, 'hello again')).toBe(false);
    expect(store.postLog.has('k')).toBe(true);
    expect(store.postLog.record('other', 'irc', '', T0, 'x')).toBe(true);
    expect(store.db.prepare('SELECT text FROM post_log WHERE key = ?').get('k')).toEqual({ text: 'hello' });
  });

  it('remembers posts across a reopen', () => {
    const first = open();
    first.postLog.record('k', 'matrix', '#ipfs', T0, 'hello');
    first.close();
    const second = open();
    expect(second.postLog.has('k')).toBe(true);
    expect(second.postLog.record('k', 'matrix', '#ipfs', T0, 'hello')).toBe(false);
  });
});
