/**
 * A real full disk: the bot (`node dist/src/main.js`, config/default.yaml, the local shell) runs with its
 * data directory on a small tmpfs, which the test then fills. It must stay responsive, answer a command it
 * cannot commit with "I could not record that: the disk is full", show the outage on /healthz and in
 * `!release status`, wait between its tries of the store instead of spinning, and stop within seconds of a
 * SIGTERM with the store closed. Mounting needs root (CI runs as root); under CI=true a non-root run fails
 * instead of skipping.
 *
 * Prints: store tries during the outage, CPU time during the outage, exit latency after SIGTERM.
 */
import Database from 'better-sqlite3';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run.js';

const ROOT = process.getuid?.() === 0;
const CI = process.env['CI'] === 'true' || process.env['CI'] === '1';
/** How long a condition may take to show before the test fails (a bound, not a measurement). */
const BOUND_MS = 30_000;
/** How many of the store's waits (1 s, 2 s, 4 s, …) the outage lasts before the figures are taken. */
const OUTAGE_TRIES = 4;

let mount = '';

beforeAll(() => {
  if (!ROOT) return;
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  mount = mkdtempSync(join(tmpdir(), 'stagehand-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount]);
});

afterAll(() => {
  if (!mount) return;
  execFileSync('umount', [mount]);
  rmSync(mount, { recursive: true, force: true });
});

/** The bot as a child process, with what it printed so far and a bounded wait for a line. */
class Bot {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;

  constructor(dataDir: string) {
    // config/default.yaml, whatever this shell has in STAGEHAND_CONFIG / STAGEHAND_LOG_LEVEL.
    const env: NodeJS.ProcessEnv = { ...process.env, STAGEHAND_WEB_PORT: '0' };
    delete env['STAGEHAND_CONFIG'];
    delete env['STAGEHAND_LOG_LEVEL'];
    this.child = spawn(process.execPath, ['dist/src/main.js', '--data', dataDir, '--log-level', 'debug'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() })));
  }

  say(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Poll until `found` holds, failing after BOUND_MS with what was printed. */
  async until<T>(what: string, found: () => T | null | undefined | false): Promise<T> {
    const deadline = Date.now() + BOUND_MS;
    for (;;) {
      const value = found();
      if (value) return value;
      if (Date.now() > deadline || this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`no ${what} within ${BOUND_MS} ms (exit: ${this.child.exitCode ?? this.child.signalCode})\nstdout:\n${this.stdout.slice(-4000)}\nstderr:\n${this.stderr.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  logs(): Array<Record<string, unknown>> {
    return this.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** User plus system CPU time the process has used, in ms (Linux /proc). */
  cpuMs(): number {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  }
}

/** Write zeros until the file system says it is full. */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('a full disk under the real process (tmpfs)', () => {
  it.skipIf(!ROOT && !CI)('stays responsive, answers with the cause, waits between tries, and stops on SIGTERM with the store closed', async () => {
    expect(ROOT, 'this test mounts a tmpfs and must run as root (CI does)').toBe(true);
    const dataDir = join(mount, 'data');
    const bot = new Bot(dataDir);
    try {
      const url = await bot.until('status page URL', () => bot.logs().find((l) => l['msg'] === 'status page')?.['url'] as string | undefined);
      await bot.until('ready', () => bot.logs().some((l) => l['msg'] === 'ready'));
      bot.say('!release new v0.5.0');
      await bot.until('the release', () => bot.stdout.includes('Started v0.5.0'));

      fill(join(mount, 'filler'));
      const cpuBefore = bot.cpuMs();
      const filledAt = Date.now();
      bot.say('!release advance');
      await bot.until('the disk-full answer', () => bot.stdout.includes('I could not record that: the disk is full. Nothing was changed'));

      // The outage lasts a few of the store's waits; the process keeps answering meanwhile.
      const tries = (): number => bot.logs().filter((l) => l['msg'] === 'store write failed; trying again later').length;
      await bot.until(`${OUTAGE_TRIES} tries of the store`, () => tries() >= OUTAGE_TRIES);
      const health = await fetch(new URL('healthz', url));
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ ok: false, store: 'down', storeFault: 'full' });
      bot.say('!release status');
      await bot.until('the outage in the status', () => /Storage: writes failing since \S+ \S+ \(disk full\)/.test(bot.stdout));
      const outageMs = Date.now() - filledAt;
      const cpuMs = bot.cpuMs() - cpuBefore;
      const attempts = tries();

      // Stop while the disk is still full.
      const termAt = Date.now();
      bot.child.kill('SIGTERM');
      const done = await Promise.race([
        bot.exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit within ${BOUND_MS} ms of SIGTERM\n${bot.stderr.slice(-4000)}`)), BOUND_MS)),
      ]);
      const exitMs = done.at - termAt;

      process.stdout.write(
        `disk-full (tmpfs 4 MiB): outage ${(outageMs / 1000).toFixed(1)} s, store tries during it ${attempts}, ` +
          `CPU time during it ${cpuMs.toFixed(0)} ms, exit ${exitMs} ms after SIGTERM\n`,
      );
      expect(done).toMatchObject({ code: 0, signal: null });
      const logs = bot.logs();
      expect(logs.filter((l) => String(l['msg']).startsWith('the store refuses writes'))).toHaveLength(1);
      expect(logs.some((l) => l['msg'] === 'stopped; store closed')).toBe(true);
      expect(bot.stderr).not.toMatch(/unexpected failure|at Scheduler\.|\n\s+at /);
      // Waiting 1 s, 2 s, 4 s, …: the tries grow with the logarithm of the outage, not with the time spent.
      expect(attempts).toBeLessThanOrEqual(3 * (Math.log2(outageMs / 1000 + 1) + 2));
      // Leads told once (the shell is their room in local mode).
      expect(bot.stdout.match(/Storage problem: I cannot write to my database/g)).toHaveLength(1);
    } finally {
      if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
      rmSync(join(mount, 'filler'), { force: true });
    }
    // The store was closed whole: it opens, checks clean, and holds the release as it was before the disk filled.
    const db = new Database(join(dataDir, 'stagehand.db'));
    try {
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT version, stage FROM releases').all()).toEqual([{ version: 'v0.5.0', stage: 0 }]);
    } finally {
      db.close();
    }
  });
});
