/**
 * Issue 15 "Local mode", through the real `npm start` / `npm run example` as subprocesses: examples on a
 * fresh data directory of their own, a piped script refused on a used ./data, `--reset` (confirmed off a
 * terminal with --yes, refused while another instance holds the directory), and two local shells at once
 * on different data directories, each with its own status page.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { npmStart, REPO_ROOT, run } from '../helpers/run.js';

/** How long a polled condition may take before the test fails saying what it waited for. */
const BOUND_MS = 20_000;

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-local-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const script = (name: string): string[] => readFileSync(join(REPO_ROOT, 'examples', name), 'utf8').split('\n');

/**
 * config/default.yaml with its data directory in a fresh temporary folder (as `./data` is for a user): no
 * --data flag is needed, so the start runs on the configuration's own directory.
 */
function localConfig(): { file: string; dataDir: string } {
  const dir = tempDir();
  const text = readFileSync(join(REPO_ROOT, 'config', 'default.yaml'), 'utf8')
    .replace('dataDir: ../data', 'dataDir: data')
    .replace('dir: templates', `dir: ${join(REPO_ROOT, 'config', 'templates')}`)
    .replace('checklist: release-checklist.md', `checklist: ${join(REPO_ROOT, 'config', 'release-checklist.md')}`);
  const file = join(dir, 'stagehand.yaml');
  writeFileSync(file, text);
  return { file, dataDir: join(dir, 'data') };
}

/** The temporary data directory an example run names in its last line. */
const exampleDirOf = (stdout: string): string => /on a data directory of its own: (\S+)\./.exec(stdout)?.[1] ?? '';

describe('npm run example -- NAME', () => {
  it('runs examples/feature-release.txt on a fresh data directory of its own, printing each line and its answer', async () => {
    const result = await run('npm', ['run', '--silent', 'example', '--', 'feature'], { timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('lead> !release new v0.5.0\nStarted v0.5.0, a feature release');
    expect(result.stdout).toContain('infura> !tested ok');
    expect(result.stdout).toContain('Released v0.5.0 (from v0.5.0-rc2).');
    expect(result.stdout).not.toMatch(/Something went wrong|Unknown command|is for a release lead/);
    const dir = exampleDirOf(result.stdout);
    tempDirs.push(dir);
    expect(dir.startsWith(tmpdir())).toBe(true);
    expect(existsSync(join(dir, 'stagehand.db'))).toBe(true);
    // Run again: another fresh directory, the same release (not refused as on a used one).
    const again = await run('npm', ['run', '--silent', 'example', '--', 'feature'], { timeoutMs: 60_000 });
    tempDirs.push(exampleDirOf(again.stdout));
    expect(exampleDirOf(again.stdout)).not.toBe(dir);
    expect(again.stdout).toContain('Released v0.5.0 (from v0.5.0-rc2).');
  });

  it('runs what an example needs first: patch runs feature-release.txt, then releases v0.5.1 from v0.5.0', async () => {
    const result = await run('npm', ['run', '--silent', 'example', '--', 'patch'], { timeoutMs: 60_000 });
    tempDirs.push(exampleDirOf(result.stdout));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.indexOf('# ---- examples/feature-release.txt ----')).toBeLessThan(result.stdout.indexOf('# ---- examples/patch-release.txt ----'));
    expect(result.stdout).toContain('Released v0.5.1 (from v0.5.1-rc1).');
    expect(result.stdout).toContain('[github] create branch release-v0.5.1 from v0.5.0');
  });

  it('an unknown name lists the examples there are', async () => {
    const result = await npmStart(['--example', 'featur']);
    expect(result.code).toBe(2);
    const names = readdirSync(join(REPO_ROOT, 'examples')).map((f) => f.replace(/(-release)?\.txt$/, '')).sort();
    expect(result.stderr).toBe(`stagehand: there is no example "featur"; the examples are: ${names.join(', ')} (npm run example -- ${names[0]})\n`);
    expect(result.stdout).toBe('');
  });
});

describe('a script piped into the shell on a used ./data', () => {
  it('is refused with the ways out, and changes nothing; --continue runs it on purpose', async () => {
    const { file, dataDir } = localConfig();
    const first = await npmStart(['--config', file], { input: script('feature-release.txt') });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Released v0.5.0 (from v0.5.0-rc2).');
    const db = readFileSync(join(dataDir, 'stagehand.db'));

    const second = await npmStart(['--config', file], { input: script('feature-release.txt') });
    expect(second.code).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(`stagehand: ${dataDir} already has 1 release and a simulated clock`);
    expect(second.stderr).toContain('npm run example -- feature');
    expect(second.stderr).toContain('npm start -- --reset');
    expect(readFileSync(join(dataDir, 'stagehand.db')).equals(db)).toBe(true);

    const meant = await npmStart(['--config', file, '--continue'], { input: ['!release status'] });
    expect(meant.code).toBe(0);
    expect(meant.stdout).toContain('Last: v0.5.0 — feature release, released on');
  });
});

describe('npm start -- --reset', () => {
  it('off a terminal needs --yes; with it, starts over (the same script then runs as on a fresh directory)', async () => {
    const { file, dataDir } = localConfig();
    await npmStart(['--config', file], { input: script('feature-release.txt') });
    writeFileSync(join(dataDir, 'notes.txt'), 'not Stagehand\'s\n');

    const unconfirmed = await npmStart(['--config', file, '--reset'], { input: script('feature-release.txt') });
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toBe(`stagehand: --reset deletes the releases and the simulated clock in ${dataDir}; off a terminal it needs --reset --yes\n`);
    expect(existsSync(join(dataDir, 'stagehand.db'))).toBe(true);

    const reset = await npmStart(['--config', file, '--reset', '--yes'], { input: script('feature-release.txt') });
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stderr).toMatch(new RegExp(`^stagehand: reset ${dataDir}: removed stagehand\\.db`));
    expect(reset.stdout).toContain('Started v0.5.0, a feature release');
    expect(reset.stdout).toContain('Released v0.5.0 (from v0.5.0-rc2).');
    // Only Stagehand's own files go.
    expect(readFileSync(join(dataDir, 'notes.txt'), 'utf8')).toBe('not Stagehand\'s\n');
  });

  it('is refused while another Stagehand holds the data directory, which keeps its data', async () => {
    const dataDir = join(tempDir(), 'data');
    const holder = startShell(['--data', dataDir]);
    holder.send('!release new v0.5.0');
    await until('the holder started v0.5.0', () => holder.stdout.includes('Started v0.5.0'), [holder]);
    const reset = await npmStart(['--data', dataDir, '--reset', '--yes']);
    expect(reset.code).toBe(2);
    expect(reset.stderr).toMatch(/^stagehand: another Stagehand \(pid \d+ on host .*\) holds /);
    holder.send('!release status');
    await until('the holder still answers', () => holder.stdout.includes('v0.5.0-rc1 — feature release, stage 0'), [holder]);
    await holder.end();
    expect(existsSync(join(dataDir, 'stagehand.db'))).toBe(true);
  });

  it('is only for local mode (and so is an example)', async () => {
    const dir = tempDir();
    const file = join(dir, 'deploy.yaml');
    const templates = `templates: { dir: ${join(REPO_ROOT, 'config', 'templates')}, checklist: ${join(REPO_ROOT, 'config', 'release-checklist.md')} }\n`;
    writeFileSync(file, `${readFileSync(join(REPO_ROOT, 'config', 'example.yaml'), 'utf8')}\n${templates}`);
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'stagehand.db'), '');
    const names = ['STAGEHAND_MATRIX_TOKEN', 'STAGEHAND_IRC_PASSWORD', 'GITHUB_TOKEN', 'TWITTER_APP_KEY', 'TWITTER_APP_SECRET', 'TWITTER_ACCESS_TOKEN', 'TWITTER_ACCESS_SECRET'];
    const env = Object.fromEntries(names.map((name, i) => [name, `not-a-real-secret-${i}`]));
    const result = await npmStart(['--config', file, '--data', join(dir, 'data'), '--reset', '--yes'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--reset is for local mode');
    expect(existsSync(join(dir, 'data', 'stagehand.db'))).toBe(true);
    // Nor does an example run with a configuration that would post for real.
    const example = await npmStart(['--config', file, '--example', 'feature'], { env });
    expect(example.code).toBe(2);
    expect(example.stderr).toBe('stagehand: an example runs in local mode only (the shell, every post a dry run); this configuration has no shell\n');
  });
});

describe('two local shells at once', () => {
  it('run on different data directories, each serving its own status page (8377 if free, else a free port)', async () => {
    // The suite sets STAGEHAND_WEB_PORT=0 for every child; here the configured 8377 is what is tested.
    const env = { STAGEHAND_WEB_PORT: undefined };
    const one = startShell(['--data', join(tempDir(), 'data'), '--log-level', 'info'], env);
    await until('the first shell serves its status page', () => urlOf(one) !== null, [one]);
    const two = startShell(['--data', join(tempDir(), 'data'), '--log-level', 'info'], env);
    await until('the second shell serves its status page', () => urlOf(two) !== null, [one, two]);
    const [first, second] = [urlOf(one)!, urlOf(two)!];
    expect(first).not.toBe(second);
    // One of them may have 8377 (if nothing else on this machine has it); the other cannot.
    expect([first, second].filter((url) => url.endsWith(':8377/')).length).toBeLessThanOrEqual(1);
    one.send('!release new v0.5.0');
    two.send('!release new v0.6.0');
    await until('both answer', () => one.stdout.includes('Started v0.5.0') && two.stdout.includes('Started v0.6.0'), [one, two]);
    expect(await get(first)).toContain('v0.5.0');
    expect(await get(second)).toContain('v0.6.0');
    await Promise.all([one.end(), two.end()]);
    expect([one.exitCode, two.exitCode]).toEqual([0, 0]);
  });
});

interface Shell {
  readonly child: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  send(line: string): void;
  /** Close its input (the shell ends as at the end of a script) and wait for it to exit. */
  end(): Promise<void>;
}

const shells: Shell[] = [];
afterEach(async () => {
  // A test that failed half-way leaves its shells running: end them (by their own pid, never by name).
  for (const shell of shells.splice(0)) {
    if (shell.exitCode === null && shell.child.exitCode === null) shell.child.kill('SIGTERM');
  }
});

/** `npm start -- ARGS` with its stdin kept open, as a person at a (non-terminal) shell. */
function startShell(args: readonly string[], env: NodeJS.ProcessEnv = {}): Shell {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv['STAGEHAND_CONFIG'];
  delete childEnv['STAGEHAND_LOG_LEVEL'];
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
  const child = spawn('npm', ['start', '--silent', '--', ...args], { cwd: REPO_ROOT, env: childEnv, stdio: 'pipe' });
  const exited = new Promise<void>((resolve) => child.on('close', (code) => ((shell.exitCode = code), resolve())));
  const shell: Shell = {
    child,
    stdout: '',
    stderr: '',
    exitCode: null,
    send: (line) => void child.stdin.write(`${line}\n`),
    end: async () => {
      child.stdin.end();
      await until('the shell exits once its input ends', () => shell.exitCode !== null, [shell]);
      await exited;
    },
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (shell.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (shell.stderr += chunk));
  child.stdin.on('error', () => undefined);
  shells.push(shell);
  return shell;
}

/** The status page URL a shell logged (at info), if it has. */
const urlOf = (shell: Shell): string | null => /http:\/\/127\.0\.0\.1:\d+\//.exec(shell.stderr)?.[0] ?? null;

async function until(what: string, check: () => boolean, watched: readonly Shell[]): Promise<void> {
  for (const deadline = Date.now() + BOUND_MS; !check(); ) {
    if (Date.now() > deadline) {
      throw new Error(`not within ${BOUND_MS} ms: ${what}\n${watched.map((s) => `stdout: ${s.stdout}\nstderr: ${s.stderr}`).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}
