/**
 * One writer per data directory, with real processes (`node dist/src/main.js`, as deployed): a second
 * instance refuses and names the holder, or with --standby waits and takes over once the holder is
 * SIGKILLed (the kernel drops a dead process's lock); a standby stops at once on SIGTERM. Waits poll the
 * children's output with a bound; nothing sleeps for a fixed time.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHolder } from '../../src/store/data-dir-lock.js';
import { postLines, REPO_ROOT, run } from '../helpers/run.js';

/** Long enough for a start on a busy 2-core machine; a standby tries the lock every second. */
const BOUND_MS = 15_000;

interface Bot {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  stdout: string;
  stderr: string;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  readonly exited: Promise<void>;
  send(line: string): void;
}

const started: Bot[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const bot of started.splice(0)) if (bot.exit === null) bot.child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-one-writer-'));
  dirs.push(dir);
  return dir;
}

const childEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const name of ['STAGEHAND_CONFIG', 'STAGEHAND_LOG_LEVEL', 'STAGEHAND_STANDBY']) delete env[name];
  return env;
};

/** The bot on `dir`, its stdin kept open for `send` (the local shell ends when its input does). */
function startBot(dir: string, extra: readonly string[] = []): Bot {
  const child = spawn(process.execPath, ['dist/src/main.js', '--data', dir, ...extra], { cwd: REPO_ROOT, env: childEnv(), stdio: 'pipe' });
  const bot: Bot = {
    child,
    pid: child.pid ?? -1,
    stdout: '',
    stderr: '',
    exit: null,
    exited: new Promise((resolve) => child.on('close', (code, signal) => ((bot.exit = { code, signal }), resolve()))),
    send: (line) => void child.stdin.write(`${line}\n`),
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (bot.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (bot.stderr += chunk));
  child.stdin.on('error', () => undefined);
  started.push(bot);
  return bot;
}

/** Poll `check` every 50 ms until it holds; fail after BOUND_MS saying what was awaited. */
async function until(what: string, check: () => boolean, bots: readonly Bot[] = started): Promise<void> {
  for (const deadline = Date.now() + BOUND_MS; !check(); ) {
    if (Date.now() > deadline) {
      const outputs = bots.map((b) => `pid ${b.pid} (exit ${JSON.stringify(b.exit)}):\nstdout: ${b.stdout}\nstderr: ${b.stderr}`);
      throw new Error(`not within ${BOUND_MS} ms: ${what}\n${outputs.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A bot that holds `dir`, and how others name it. */
async function holder(dir: string): Promise<{ bot: Bot; named: string }> {
  const bot = startBot(dir);
  await until('the first bot records itself as the holder', () => readHolder(dir)?.pid === bot.pid);
  const since = readHolder(dir)?.since ?? '';
  return { bot, named: `another Stagehand (pid ${bot.pid} on host ${hostname()}, since ${since.slice(0, 10)} ${since.slice(11, 16)} UTC)` };
}

describe('one writer per data directory', () => {
  it('a second instance refuses, naming the holder, exits 2 and changes nothing', async () => {
    const dir = dataDir();
    const first = await holder(dir);
    const second = await run(process.execPath, ['dist/src/main.js', '--data', dir], { input: ['!release new v0.6.0'], env: { STAGEHAND_STANDBY: '' } });
    expect(second.code).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(`stagehand: ${first.named} holds ${dir}; stop it first or start this one with --standby\n`);
    expect(readHolder(dir)?.pid).toBe(first.bot.pid);
    // The refused instance's command never ran: the first still finds no release.
    first.bot.send('!release status');
    first.bot.child.stdin.end();
    await first.bot.exited;
    expect(first.bot.exit).toEqual({ code: 0, signal: null });
    expect(first.bot.stdout).toBe('No release is active. A lead starts one with !release new <version>.\n');
  });

  it('with --standby it waits, says for whom, and takes over within seconds of the holder being killed', async () => {
    const dir = dataDir();
    const first = await holder(dir);
    const standby = startBot(dir, ['--standby']);
    await until('the standby says it waits', () => standby.stderr.includes('standing by'));
    expect(standby.stderr).toBe(`stagehand: standing by: ${first.named} holds ${dir}; this one takes over when it stops (SIGTERM stops this one)\n`);
    // The holder keeps working meanwhile; the standby answers nothing.
    standby.send('!release status');
    first.bot.send('!release new v0.6.0');
    await until('the holder starts v0.6.0', () => first.bot.stdout.includes('Started v0.6.0'));
    expect(standby.stdout).toBe('');
    first.bot.child.kill('SIGKILL');
    await first.bot.exited;
    await until('the standby takes over', () => standby.stderr.includes('took over'));
    expect(standby.stderr.split('\n')[1]).toBe(`stagehand: took over ${dir} (pid ${standby.pid} on host ${hostname()})`);
    expect(readHolder(dir)?.pid).toBe(standby.pid);
    // The line sent while it stood by is answered now, from the store the killed holder left.
    await until('the standby answers', () => standby.stdout.includes('v0.6.0-rc1 — feature release, stage 0'));
    standby.child.stdin.end();
    await standby.exited;
    expect(standby.exit).toEqual({ code: 0, signal: null });
    // Whatever the holder had not delivered when it died, the standby did, and nothing twice (a kill
    // between recording a dry-run post and printing it loses the printed line, never the record).
    const posts = postLines(first.bot.stdout + standby.stdout);
    expect(new Set(posts).size).toBe(posts.length);
    const db = new Database(join(dir, 'stagehand.db'), { readonly: true });
    try {
      expect(db.prepare(`SELECT destination, status FROM outbox ORDER BY id`).all()).toEqual(Array(3).fill({ destination: 'github', status: 'delivered' }));
      expect(db.prepare(`SELECT COUNT(*) AS n FROM post_log`).get()).toEqual({ n: 3 });
    } finally {
      db.close();
    }
  });

  it('a standby stops at once on SIGTERM, and the holder keeps the directory', async () => {
    const dir = dataDir();
    const first = await holder(dir);
    const standby = startBot(dir, ['--standby']);
    await until('the standby says it waits', () => standby.stderr.includes('standing by'));
    standby.child.kill('SIGTERM');
    await until('the standby exits', () => standby.exit !== null);
    expect(standby.exit).toEqual({ code: 0, signal: null });
    expect(readHolder(dir)?.pid).toBe(first.bot.pid);
    first.bot.send('!release status');
    await until('the holder still answers', () => first.bot.stdout.includes('No release is active'));
  });
});
