/**
 * Start-up time and resident memory of the real bot process on a seeded store.
 *
 * Each run spawns the bot (cwd: the repository root) with stdin a pipe kept open, and measures the wall
 * time from spawn to the `"msg":"ready"` log line on stderr. It then writes `!release status` followed by
 * `/who` (a shell command whose `(you are …)` line marks the end of the status reply on stdout), reads
 * VmRSS and VmHWM from /proc/<pid>/status once that reply has been printed, ends stdin and waits for a
 * clean exit.
 *
 * Standalone: node --import tsx bench/startup.bench.ts --data DIR [--runs 10] [--tsx] [--json]
 *   default: node scripts/start.mjs (what `npm start` runs, without npm's own start-up: a staleness
 *            check of the bundle, then dist/src/main.js); run `npm run build` first
 *   --tsx:   node --import tsx src/main.ts (the TypeScript sources through a loader, for comparison)
 * The store is only read (the bot writes nothing for `!release status`), so runs can share one data dir.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './seed-store.js';
import { percentile } from './status.bench.js';

export interface StartupRun {
  readonly readyMs: number;
  /** From writing `!release status` to the end of its reply on stdout (the first, cold command). */
  readonly firstStatusMs: number;
  readonly rssMB: number;
  /** Peak resident memory so far (VmHWM). */
  readonly hwmMB: number;
  readonly exitCode: number | null;
}

export interface StartupResult {
  readonly label: string;
  readonly command: readonly string[];
  readonly runs: readonly StartupRun[];
  readonly readyMedianMs: number;
  readonly readyMaxMs: number;
  readonly firstStatusMedianMs: number;
  readonly rssMedianMB: number;
  readonly rssMaxMB: number;
  readonly hwmMaxMB: number;
}

export interface BotCommand {
  readonly label: string;
  /** Arguments to `node` (process.execPath); `--data DIR --log-level info` is appended. */
  readonly args: readonly string[];
}

export const TSX_BOT: BotCommand = { label: 'under tsx, for comparison', args: ['--import', 'tsx', 'src/main.ts'] };
/** What `npm start` runs: scripts/start.mjs (a staleness check, then the bundle dist/src/main.js in-process). */
export const NPM_START_BOT: BotCommand = { label: 'npm start (bundle)', args: ['--max-semi-space-size=1', '--v8-pool-size=1', 'scripts/start.mjs'] };

const TIMEOUT_MS = 30_000;

function memoryOf(pid: number): { rssMB: number; hwmMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
}

/** One start of the bot; rejects (after killing it) if it does not get ready, reply and exit in time. */
export function startOnce(bot: BotCommand, dataDir: string): Promise<StartupRun> {
  const args = [...bot.args, '--data', resolve(dataDir), '--log-level', 'info'];
  return new Promise<StartupRun>((resolvePromise, reject) => {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let readyMs: number | null = null;
    let askedAt = 0;
    let firstStatusMs: number | null = null;
    let memory: { rssMB: number; hwmMB: number } | null = null;
    let stderrText = '';
    let stdoutText = '';
    let stdoutLinesSeen = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${bot.label}: no ready/reply/exit within ${TIMEOUT_MS} ms\nstderr:\n${stderrText}\nstdout:\n${stdoutText}`));
    }, TIMEOUT_MS);

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrText += chunk;
      if (readyMs !== null) return;
      for (const text of stderrText.split('\n')) {
        if (!text.startsWith('{')) continue;
        let msg: unknown;
        try {
          msg = (JSON.parse(text) as { msg?: unknown }).msg;
        } catch {
          continue; // a partial line; the rest comes with the next chunk
        }
        if (msg === 'ready') {
          readyMs = performance.now() - spawnedAt;
          askedAt = performance.now();
          child.stdin.write('!release status\n/who\n');
          break;
        }
      }
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdoutText += chunk;
      if (firstStatusMs !== null || readyMs === null) return;
      const lines = stdoutText.split('\n');
      for (; stdoutLinesSeen < lines.length - 1; stdoutLinesSeen++) {
        if (lines[stdoutLinesSeen]?.startsWith('(you are ')) {
          firstStatusMs = performance.now() - askedAt;
          memory = memoryOf(child.pid!);
          child.stdin.end();
          break;
        }
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      if (readyMs === null || firstStatusMs === null || memory === null) {
        reject(new Error(`${bot.label}: exited (${exitCode}) before ready and reply\nstderr:\n${stderrText}\nstdout:\n${stdoutText}`));
        return;
      }
      if (!/^v\d+\.\d+\.\d+/m.test(stdoutText)) {
        reject(new Error(`${bot.label}: the status reply names no release:\n${stdoutText}`));
        return;
      }
      resolvePromise({ readyMs, firstStatusMs, ...memory, exitCode });
    });
  });
}

export async function runStartupBench(options: { dataDir: string; runs?: number; bot?: BotCommand }): Promise<StartupResult> {
  const bot = options.bot ?? TSX_BOT;
  const count = options.runs ?? 10;
  const runs: StartupRun[] = [];
  for (let i = 0; i < count; i++) runs.push(await startOnce(bot, options.dataDir));
  const sorted = (pick: (r: StartupRun) => number): number[] => runs.map(pick).sort((a, b) => a - b);
  const ready = sorted((r) => r.readyMs);
  const rss = sorted((r) => r.rssMB);
  return {
    label: bot.label,
    command: ['node', ...bot.args, '--data', options.dataDir, '--log-level', 'info'],
    runs,
    readyMedianMs: percentile(ready, 50),
    readyMaxMs: ready[ready.length - 1] ?? Number.NaN,
    firstStatusMedianMs: percentile(sorted((r) => r.firstStatusMs), 50),
    rssMedianMB: percentile(rss, 50),
    rssMaxMB: rss[rss.length - 1] ?? Number.NaN,
    hwmMaxMB: Math.max(...runs.map((r) => r.hwmMB)),
  };
}

export function describeStartup(r: StartupResult): string[] {
  return [
    `${r.label}: ${r.command.join(' ')}`,
    `  start-up to ready: median ${r.readyMedianMs.toFixed(0)} ms, max ${r.readyMaxMs.toFixed(0)} ms (${r.runs.length} runs: ${r.runs.map((x) => x.readyMs.toFixed(0)).join(', ')})`,
    `  first !release status after ready: median ${r.firstStatusMedianMs.toFixed(1)} ms`,
    `  resident memory after one !release status: median ${r.rssMedianMB.toFixed(1)} MB, max ${r.rssMaxMB.toFixed(1)} MB (peak VmHWM ${r.hwmMaxMB.toFixed(1)} MB)`,
  ];
}

export const compiledEntryExists = (): boolean => existsSync(join(REPO_ROOT, 'dist', 'src', 'main.js'));

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, runs: { type: 'string' }, tsx: { type: 'boolean' }, json: { type: 'boolean' } } });
  if (!values.data) {
    process.stderr.write('usage: node --import tsx bench/startup.bench.ts --data DIR [--runs N] [--tsx] [--json]\n');
    process.exit(2);
  }
  if (!values.tsx && !compiledEntryExists()) {
    process.stderr.write('dist/src/main.js is missing: run `npm run build` first\n');
    process.exit(2);
  }
  const result = await runStartupBench({
    dataDir: values.data,
    ...(values.runs ? { runs: Number(values.runs) } : {}),
    bot: values.tsx ? TSX_BOT : NPM_START_BOT,
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${describeStartup(result).join('\n')}\n`);
}
