/**
 * The data-directory lock within one process (SQLite refuses a second connection's lock in the same process
 * as it does another process's): who holds it, the refusal, the standby on a manual clock. That the kernel
 * drops the lock of a killed process is shown with real processes in test/integration/one-writer.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { holdDataDir, STANDBY_POLL_MS } from '../../../src/hold-data-dir.js';
import { AdjustableClock } from '../../../src/ground/clock.js';
import { StartupError } from '../../../src/ground/startup-error.js';
import { describeHolder, HOLDER_FILE, readHolder, tryLockDataDir, type DataDirLock } from '../../../src/store/data-dir-lock.js';

const T0 = Date.parse('2026-12-03T14:02:31Z');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function take(dataDir: string, at = T0): DataDirLock {
  const attempt = tryLockDataDir(dataDir, at);
  if (!attempt.ok) throw new Error(`expected the lock, ${describeHolder(attempt.holder)} holds it`);
  cleanups.push(() => attempt.lock.release());
  return attempt.lock;
}

const FIRST = `another Stagehand (pid ${process.pid} on host ${hostname()}, since 2026-12-03 14:02 UTC)`;

describe('the data-directory lock', () => {
  it('records its holder beside the lock, and refuses a second taker naming it', () => {
    const dataDir = join(tempDir(), 'not-yet-created');
    take(dataDir);
    expect(JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8'))).toEqual({ pid: process.pid, host: hostname(), since: '2026-12-03T14:02:31.000Z' });
    const second = tryLockDataDir(dataDir, T0 + 60_000);
    expect(second).toEqual({ ok: false, holder: { pid: process.pid, host: hostname(), since: '2026-12-03T14:02:31.000Z' } });
    expect(describeHolder(second.ok ? null : second.holder)).toBe(FIRST);
  });

  it('is free again once released, and the holder record goes with it', () => {
    const dataDir = tempDir();
    take(dataDir).release();
    expect(existsSync(join(dataDir, HOLDER_FILE))).toBe(false);
    expect(take(dataDir, T0 + 1).holder.since).toBe('2026-12-03T14:02:31.001Z');
  });

  it('reads a holder record that is missing or not one as unknown, and prints a doctored host name inertly', () => {
    const dataDir = tempDir();
    expect(readHolder(dataDir)).toBeNull();
    writeFileSync(join(dataDir, HOLDER_FILE), '{"pid":"12"');
    expect(readHolder(dataDir)).toBeNull();
    writeFileSync(join(dataDir, HOLDER_FILE), JSON.stringify({ pid: 12, host: 'a\nb\u001b[2J', since: '2026-12-03T14:02:31.000Z' }));
    expect(describeHolder(readHolder(dataDir))).toBe('another Stagehand (pid 12 on host a?b??2J, since 2026-12-03 14:02 UTC)');
    expect(describeHolder(null)).toBe('another Stagehand (which one is not recorded yet)');
  });
});

describe('holdDataDir (what main.ts does before opening the store)', () => {
  const said: string[] = [];
  afterEach(() => void said.splice(0));
  const options = (clock: AdjustableClock, extra: { standby?: boolean; env?: NodeJS.ProcessEnv; stop?: AbortSignal } = {}) => ({
    standby: extra.standby ?? false,
    env: extra.env ?? {},
    clock,
    say: (line: string) => void said.push(line),
    stop: extra.stop ?? new AbortController().signal,
    releaseOnExit: false,
  });

  it('refuses when another instance holds the directory, naming it and the way to wait', async () => {
    const dataDir = tempDir();
    take(dataDir);
    const refused = holdDataDir(dataDir, options(AdjustableClock.manual(T0)));
    await expect(refused).rejects.toThrow(StartupError);
    await expect(refused).rejects.toThrow(`${FIRST} holds ${dataDir}; stop it first or start this one with --standby`);
  });

  it('names the path and the cause when the directory cannot be made', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const refused = holdDataDir(join(file, 'data'), options(AdjustableClock.manual(T0)));
    await expect(refused).rejects.toThrow(StartupError);
    await expect(refused).rejects.toThrow(`cannot create ${join(file, 'data')}: ${file} is not a directory`);
  });

  it('as a standby, says whom it waits for and takes over at the next try after the holder stops', async () => {
    const dataDir = tempDir();
    const first = take(dataDir);
    const clock = AdjustableClock.manual(T0);
    let held: DataDirLock | null | undefined;
    const standby = holdDataDir(dataDir, options(clock, { standby: true })).then((lock) => (held = lock));
    await clock.advanceBy(5 * STANDBY_POLL_MS);
    expect(held).toBeUndefined();
    expect(said).toEqual([`standing by: ${FIRST} holds ${dataDir}; this one takes over when it stops (SIGTERM stops this one)`]);
    first.release();
    await clock.advanceBy(STANDBY_POLL_MS);
    await standby;
    expect(held?.holder).toEqual({ pid: process.pid, host: hostname(), since: '2026-12-03T14:02:37.000Z' });
    cleanups.push(() => held?.release());
    expect(said[1]).toBe(`took over ${dataDir} (pid ${process.pid} on host ${hostname()})`);
    expect(readHolder(dataDir)?.since).toBe('2026-12-03T14:02:37.000Z');
    expect(clock.pending).toBe(0);
  });

  it('takes STAGEHAND_STANDBY=1 for --standby, and stops waiting at once when told to (SIGTERM in main)', async () => {
    const dataDir = tempDir();
    take(dataDir);
    const clock = AdjustableClock.manual(T0);
    const stop = new AbortController();
    const standby = holdDataDir(dataDir, options(clock, { env: { STAGEHAND_STANDBY: '1' }, stop: stop.signal }));
    await clock.advanceBy(STANDBY_POLL_MS);
    expect(said).toHaveLength(1);
    stop.abort();
    await expect(standby).resolves.toBeNull();
    expect(clock.pending).toBe(0);
  });
});
