/**
 * Issue 15 "Local mode", in process: the banner says when the simulated clock continues from an earlier
 * run (and from what time), an example's transcript echoes each line, the status page falls back to a free
 * port in local mode only, and --reset deletes only Stagehand's files, after a yes.
 */
import { createServer, type Server } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { loadConfigFile } from '../../../src/config/load.js';
import { findExample } from '../../../src/local/example-scripts.js';
import { resetDataDir } from '../../../src/local/reset-data-dir.js';
import { silentLogger } from '../../../src/log/logger.js';
import { AdjustableClock } from '../../../src/ground/clock.js';
import { createHttpServer } from '../../../src/web/http-server.js';
import { DEFAULT_CONFIG_FILE, TEST_START } from '../../helpers/test-app.js';
import { REPO_ROOT } from '../../helpers/run.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-local-unit-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The default config's app on `dataDir`, its shell fed by `input`, everything printed collected. */
function localApp(dataDir: string, input: PassThrough, options: { interactive: boolean; echo?: boolean; env?: NodeJS.ProcessEnv }): { app: App; printed: () => string } {
  let printed = '';
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      printed += String(chunk);
      callback();
    },
  });
  const app = createApp({
    loaded: loadConfigFile(DEFAULT_CONFIG_FILE),
    dataDir,
    log: silentLogger(),
    clock: AdjustableClock.manual(TEST_START),
    io: { input, output, interactive: options.interactive, ...(options.echo ? { echo: true } : {}) },
    env: options.env ?? { STAGEHAND_WEB_PORT: '0' },
  });
  cleanup.push(() => app.stop());
  return { app, printed: () => printed };
}

describe('the banner', () => {
  it('says the simulated clock continues from an earlier run, and what time it is now', async () => {
    const dataDir = tempDir();
    const first = new PassThrough();
    const run1 = localApp(dataDir, first, { interactive: true });
    await run1.app.start();
    expect(run1.printed()).not.toContain('simulated clock continues');
    first.end('/time +7d\n');
    await run1.app.finished;
    await run1.app.stop();

    const second = new PassThrough();
    const run2 = localApp(dataDir, second, { interactive: true });
    await run2.app.start();
    // TEST_START is 2026-01-05 09:00 UTC; seven days on.
    expect(run2.printed()).toContain('The simulated clock continues from an earlier run on this data directory: it is 2026-01-12 09:00 UTC, 7d ahead of the real time. npm start -- --reset starts over.');
    second.end();
    await run2.app.finished;
  });
});

describe('an example transcript (echo)', () => {
  it('prints each line as person> line before its answer, and comments as they are', async () => {
    const input = new PassThrough();
    const { app, printed } = localApp(tempDir(), input, { interactive: false, echo: true });
    await app.start();
    input.end('# a comment\n!release new v0.5.0\n/as guest\n!release advance\n');
    await app.finished;
    const lines = printed().split('\n');
    expect(lines[0]).toBe('# a comment');
    expect(lines[1]).toBe('lead> !release new v0.5.0');
    expect(lines[2]).toMatch(/^Started v0\.5\.0/);
    expect(lines).toContain('lead> /as guest');
    expect(lines).toContain('guest> !release advance');
  });
});

describe('the status page port', () => {
  let blocker: Server;
  async function occupy(): Promise<number> {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    return (blocker.address() as { port: number }).port;
  }

  it('takes a free port when the asked one is busy, only where asked to (local mode)', async () => {
    const port = await occupy();
    const log = silentLogger();
    const fallback = createHttpServer({ host: '127.0.0.1', port, routes: {}, log, anyFreePortIfBusy: true });
    cleanup.push(() => fallback.stop());
    const url = await fallback.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(url).not.toBe(`http://127.0.0.1:${port}/`);
    const strict = createHttpServer({ host: '127.0.0.1', port, routes: {}, log });
    await expect(strict.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('in the local shell: the banner names the URL and says the configured port was busy', async () => {
    const port = await occupy();
    const input = new PassThrough();
    const dataDir = tempDir();
    const loaded = loadConfigFile(DEFAULT_CONFIG_FILE);
    let printed = '';
    const app = createApp({
      loaded: { ...loaded, config: { ...loaded.config, web: { host: '127.0.0.1', port } } },
      dataDir,
      log: silentLogger(),
      clock: AdjustableClock.manual(TEST_START),
      io: { input, output: new Writable({ write: (chunk, _e, done) => ((printed += String(chunk)), done()) }), interactive: true },
      env: {},
    });
    cleanup.push(() => app.stop());
    await app.start();
    const url = app.webUrl();
    expect(url).not.toBe(`http://127.0.0.1:${port}/`);
    expect(printed).toContain(`Status page: ${url} (calendar: ${url}calendar.ics); port ${port} is in use, so a free one was taken`);
  });
});

describe('--reset', () => {
  const local = loadConfigFile(DEFAULT_CONFIG_FILE).config;

  function usedDir(): string {
    const dir = tempDir();
    for (const name of ['stagehand.db', 'stagehand.db-wal', 'notes.txt']) writeFileSync(join(dir, name), 'x');
    mkdirSync(join(dir, 'blog'));
    writeFileSync(join(dir, 'blog', 'v0.5.0.md'), '# draft');
    return dir;
  }

  /** A terminal that answers `answer` (or ends its input when null). */
  function terminal(answer: string | null): { input: PassThrough; output: PassThrough; asked: () => string } {
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = '';
    output.on('data', (chunk: Buffer) => (asked += String(chunk)));
    if (answer === null) input.end();
    else input.write(`${answer}\n`);
    return { input, output, asked: () => asked };
  }

  it('asks y/N on a terminal; only y or yes deletes, and only Stagehand\'s files', async () => {
    for (const answer of ['', 'n', 'no', 'whatever', null]) {
      const dir = usedDir();
      const tty = terminal(answer);
      const outcome = await resetDataDir({ config: local, dataDir: dir, yes: false, terminal: tty });
      expect(outcome).toMatchObject({ done: false, declined: true });
      expect(existsSync(join(dir, 'stagehand.db'))).toBe(true);
      expect(tty.asked()).toContain(`in ${dir}? [y/N] `);
    }
    for (const answer of ['y', 'YES']) {
      const dir = usedDir();
      const outcome = await resetDataDir({ config: local, dataDir: dir, yes: false, terminal: terminal(answer) });
      expect(outcome).toEqual({ done: true, removed: ['stagehand.db', 'stagehand.db-wal', 'blog'] });
      expect(existsSync(join(dir, 'stagehand.db'))).toBe(false);
      expect(existsSync(join(dir, 'blog'))).toBe(false);
      expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
    }
  });

  it('off a terminal needs yes; never for a configuration with a chat network', async () => {
    const dir = usedDir();
    expect(await resetDataDir({ config: local, dataDir: dir, yes: false, terminal: null })).toMatchObject({ done: false, declined: false });
    expect(existsSync(join(dir, 'stagehand.db'))).toBe(true);
    const deployed = { chat: { ...local.chat, irc: {} as never } };
    expect(await resetDataDir({ config: deployed, dataDir: dir, yes: true, terminal: null })).toMatchObject({ done: false, message: expect.stringContaining('--reset is for local mode') });
    expect(existsSync(join(dir, 'stagehand.db'))).toBe(true);
    expect(await resetDataDir({ config: local, dataDir: dir, yes: true, terminal: null })).toMatchObject({ done: true });
  });
});

describe('examples/', () => {
  const dir = join(REPO_ROOT, 'examples');
  it('finds a script by its short name, with what it needs first', () => {
    expect(findExample(dir, 'feature')).toEqual({ ok: true, run: { name: 'feature', files: [join(dir, 'feature-release.txt')] } });
    expect(findExample(dir, 'patch')).toEqual({ ok: true, run: { name: 'patch', files: [join(dir, 'feature-release.txt'), join(dir, 'patch-release.txt')] } });
    expect(findExample(dir, 'six-weeks.txt')).toEqual({ ok: true, run: { name: 'six-weeks', files: [join(dir, 'six-weeks.txt')] } });
    expect(findExample(dir, '../package')).toMatchObject({ ok: false });
  });

  it('refuses a circle of # Needs: lines instead of following it', () => {
    const scripts = tempDir();
    writeFileSync(join(scripts, 'a-release.txt'), '# Needs: b-release.txt\n!help\n');
    writeFileSync(join(scripts, 'b-release.txt'), '# Needs: a-release.txt\n!help\n');
    expect(findExample(scripts, 'a')).toEqual({ ok: false, message: 'examples/a-release.txt: its "# Needs:" lines go round in a circle' });
  });
});
