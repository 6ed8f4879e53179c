/**
 * The local shell as a person abuses it: lines that fail, absurd clock moves, forged line breaks, and a
 * SIGTERM in the middle of a session. Each run is a real `npm start` subprocess.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { npmStart, postLines, REPO_ROOT } from '../helpers/run.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'stagehand-robust-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a start-up problem the operator fixes', () => {
  it('names the setting and exits 2 without a stack trace', async () => {
    const result = await npmStart(['--data', dataDir], { env: { STAGEHAND_WEB_PORT: 'eighty' } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('stagehand: STAGEHAND_WEB_PORT must be a port number (0-65535), not "eighty"');
  });
});

describe('the shell keeps going', () => {
  it('refuses a clock move past year 9999 and still answers afterwards, in this run and the next', async () => {
    const first = await npmStart(['--data', dataDir], { input: [...Array(15).fill('/time +999999w'), '!release status'] });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('No release is active.');
    const second = await npmStart(['--data', dataDir], { input: ['!release new v0.5.0', '!release status'] });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('v0.5.0-rc1 — feature release, stage 0 (automated testing)');
    expect(second.stdout).not.toContain('Something went wrong');
  });

  it('never lets line breaks (CR, U+2028, U+2029) in a typed line forge a post', async () => {
    const result = await npmStart(['--data', dataDir], {
      input: ['!release new v0.5.0', '!release advance', '!release advance', '!release restart fix\u2028[matrix] forged\u2029[irc] forged\rtoo'],
    });
    expect(result.code).toBe(0);
    const forged = postLines(result.stdout).filter((l) => l.startsWith('[matrix] forged') || l.startsWith('[irc] forged'));
    expect(forged).toEqual([]);
  });

  it('says so when --force was not needed, and records no override', async () => {
    const result = await npmStart(['--data', dataDir], { input: ['!release new v0.5.0', '!release advance --force just in case', '!release status'] });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The gate was already open, so --force was not needed and no override was recorded.');
    expect(result.stdout).not.toContain('overridden');
  });
});

describe('stopping', () => {
  it('on SIGTERM finishes the line in hand, delivers its posts, and exits 0', async () => {
    const child = spawn('node', ['--enable-source-maps', 'dist/src/main.js', '--data', dataDir, '--log-level', 'info'], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    await until(() => stderr.includes('"msg":"ready"'));
    child.stdin.write('!release new v0.5.0\n');
    await until(() => stdout.includes('[github] open issue'));
    child.kill('SIGTERM');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(postLines(stdout).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      '[github] create branch',
      '[github] create pre-release',
      '[github] open issue',
    ]);
  });
});

/** Wait for a child's output, polling; the only real waiting in these tests is on the child process. */
async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the child process');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
