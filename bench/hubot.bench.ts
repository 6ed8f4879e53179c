/**
 * Stagehand beside Hubot 14's shell adapter, on the same machine in the same run: paired runs (the order
 * alternates, so neither always runs on a warmer machine), medians and ratios.
 *
 * Each run spawns the bot with stdin and stdout pipes, writes a help command at once and measures:
 *   - cold start: from spawn to the end of the first help reply on stdout;
 *   - 1,000 commands: 1,000 more help commands written at once, until the 1,000th reply has ended;
 *   - peak memory: VmHWM from /proc/<pid>/status after those replies (the process's peak resident set).
 * Then the bot is stopped (stdin ended and SIGTERM).
 *
 * Stagehand runs as `npm start` runs it (the bundled file, without npm's own start-up), on the default
 * configuration (local mode: the shell, the status page, SQLite) and a data directory started once before.
 * Hubot runs `hubot -a Shell` (its built-in `help` command; express is its web server) in an empty folder
 * of its own. Hubot is a bench-only install in bench/hubot/ (npm install there, done here when missing);
 * it is never a dependency of the bot.
 *
 * Standalone: node --import tsx bench/hubot.bench.ts [--runs 10] [--commands 1000] [--json] [--baseline DIR]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './seed-store.js';
import { percentile } from './status.bench.js';
import { STAGEHAND_BUNDLE, ensureBundle } from './bundle.js';

const HUBOT_DIR = join(REPO_ROOT, 'bench', 'hubot');
const HUBOT_BIN = join(HUBOT_DIR, 'node_modules', 'hubot', 'bin', 'hubot');
const TIMEOUT_MS = 120_000;

export interface Contender {
  readonly name: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** One help command, as typed in the shell. */
  readonly help: string;
  /** Text that ends one help reply on stdout. */
  readonly replyEnd: string;
}

export interface BotRun {
  readonly startMs: number;
  readonly commandsMs: number;
  readonly hwmMB: number;
}

export interface Figures {
  readonly runs: readonly BotRun[];
  readonly startMedianMs: number;
  readonly commandsMedianMs: number;
  readonly hwmMedianMB: number;
}

export interface HubotComparison {
  readonly commands: number;
  readonly stagehand: Figures;
  readonly hubot: Figures;
  readonly hubotVersion: string;
  /** Stagehand ÷ Hubot, per figure (below 1: Stagehand is lighter or faster). */
  readonly ratios: { readonly start: number; readonly commands: number; readonly memory: number };
}

/** Installs Hubot 14 into bench/hubot/node_modules (from bench/hubot/package.json) when it is not there. */
export function ensureHubot(): string {
  if (!existsSync(HUBOT_BIN)) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--no-save'], { cwd: HUBOT_DIR, encoding: 'utf8' });
    if (install.status !== 0 || !existsSync(HUBOT_BIN)) throw new Error(`could not install Hubot into bench/hubot: ${install.stderr}`);
  }
  return (JSON.parse(readFileSync(join(HUBOT_DIR, 'node_modules', 'hubot', 'package.json'), 'utf8')) as { version: string }).version;
}

function peakMemoryMB(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

function occurrences(text: string, of: string): number {
  let count = 0;
  for (let at = text.indexOf(of); at !== -1; at = text.indexOf(of, at + of.length)) count++;
  return count;
}

/** One start: help reply, then `commands` more, then the peak memory; rejects (after a kill) on a timeout. */
export function runOnce(bot: Contender, commands: number): Promise<BotRun> {
  return new Promise<BotRun>((resolvePromise, reject) => {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [...bot.args], { cwd: bot.cwd, env: bot.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let replies = 0;
    let startMs: number | null = null;
    let sentAt = 0;
    let result: BotRun | null = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${bot.name}: ${replies} of ${commands + 1} replies within ${TIMEOUT_MS} ms\nstderr:\n${stderr.slice(-2000)}\nstdout:\n${stdout.slice(-2000)}`));
    }, TIMEOUT_MS);
    child.stdin.write(`${bot.help}\n`);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      // Count only in the new text (plus an overlap, for a marker split across chunks).
      const from = Math.max(0, stdout.length - bot.replyEnd.length + 1);
      stdout += chunk;
      replies += occurrences(stdout.slice(from), bot.replyEnd);
      if (startMs === null && replies >= 1) {
        startMs = performance.now() - spawnedAt;
        sentAt = performance.now();
        child.stdin.write(`${bot.help}\n`.repeat(commands));
      }
      if (result === null && replies >= commands + 1) {
        result = { startMs: startMs ?? Number.NaN, commandsMs: performance.now() - sentAt, hwmMB: peakMemoryMB(child.pid!) };
        child.stdin.end();
        child.kill('SIGTERM');
      }
      // Keep memory flat: only the tail can hold a partial marker.
      if (stdout.length > 1 << 16) stdout = stdout.slice(-4096);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (result === null) reject(new Error(`${bot.name}: exited (${code}) after ${replies} replies\nstderr:\n${stderr.slice(-2000)}\nstdout:\n${stdout.slice(-2000)}`));
      else resolvePromise(result);
    });
  });
}

function figures(runs: readonly BotRun[]): Figures {
  const median = (pick: (r: BotRun) => number): number => percentile(runs.map(pick).sort((a, b) => a - b), 50);
  return { runs, startMedianMs: median((r) => r.startMs), commandsMedianMs: median((r) => r.commandsMs), hwmMedianMB: median((r) => r.hwmMB) };
}

/**
 * `baseline`: a checkout of an older Stagehand (built with its own `npm run build`) to start instead, as its
 * `npm start` ran it then (`node --enable-source-maps dist/src/main.js` after the build step), for a before/after.
 */
export async function compareWithHubot(options: { runs?: number; commands?: number; baseline?: string } = {}): Promise<HubotComparison> {
  const runs = options.runs ?? 10;
  const commands = options.commands ?? 1000;
  const hubotVersion = ensureHubot();
  ensureBundle();
  const root = mkdtempSync(join(tmpdir(), 'stagehand-bench-hubot-'));
  try {
    const dataDir = join(root, 'stagehand-data');
    const hubotHome = join(root, 'hubot');
    mkdirSync(join(hubotHome, 'scripts'), { recursive: true });
    writeFileSync(join(hubotHome, '.hubot_history'), '');
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
    delete env['STAGEHAND_LOG_LEVEL'];
    delete env['STAGEHAND_CONFIG'];
    const stagehand: Contender = {
      name: 'Stagehand',
      args: [...(options.baseline ? ['--enable-source-maps', 'dist/src/main.js'] : STAGEHAND_BUNDLE), '--data', dataDir],
      cwd: options.baseline ?? REPO_ROOT,
      env,
      help: '!help',
      replyEnd: '!help <command> explains one.',
    };
    const hubot: Contender = {
      name: 'Hubot',
      args: [HUBOT_BIN, '--adapter', 'Shell', '--name', 'Hubot'],
      cwd: hubotHome,
      // Its HTTP server on a free port; warnings only, as Stagehand's local shell (Hubot's shell prints its
      // log on stdout).
      env: { ...env, PORT: '0', HUBOT_LOG_LEVEL: 'warn' },
      help: 'Hubot help',
      replyEnd: 'Show command details',
    };
    // One unmeasured start each: Stagehand creates its store, and both warm the file cache.
    await runOnce(stagehand, 1);
    await runOnce(hubot, 1);
    const ours: BotRun[] = [];
    const theirs: BotRun[] = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        ours.push(await runOnce(stagehand, commands));
        theirs.push(await runOnce(hubot, commands));
      } else {
        theirs.push(await runOnce(hubot, commands));
        ours.push(await runOnce(stagehand, commands));
      }
    }
    const s = figures(ours);
    const h = figures(theirs);
    return {
      commands,
      stagehand: s,
      hubot: h,
      hubotVersion,
      ratios: { start: s.startMedianMs / h.startMedianMs, commands: s.commandsMedianMs / h.commandsMedianMs, memory: s.hwmMedianMB / h.hwmMedianMB },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function describeHubot(c: HubotComparison): string[] {
  const row = (what: string, s: string, h: string, ratio: number): string => `${what.padEnd(34)} ${s.padStart(10)} ${h.padStart(10)} ${`${ratio.toFixed(2)}×`.padStart(7)}  ${ratio <= 1 ? 'within target (≤ 1.0×)' : 'MISSES target (≤ 1.0×)'}`;
  const ms = (n: number): string => `${n.toFixed(0)} ms`;
  const mb = (n: number): string => `${n.toFixed(1)} MiB`;
  const list = (pick: (r: BotRun) => number, runs: readonly BotRun[]): string => runs.map((r) => pick(r).toFixed(0)).join(', ');
  return [
    `${`median of ${c.stagehand.runs.length} paired runs`.padEnd(34)} ${'Stagehand'.padStart(10)} ${`Hubot ${c.hubotVersion}`.padStart(10)} ${'ratio'.padStart(7)}`,
    row('cold start to the help reply', ms(c.stagehand.startMedianMs), ms(c.hubot.startMedianMs), c.ratios.start),
    row('peak memory (VmHWM)', mb(c.stagehand.hwmMedianMB), mb(c.hubot.hwmMedianMB), c.ratios.memory),
    row(`${c.commands.toLocaleString('en')} help commands`, ms(c.stagehand.commandsMedianMs), ms(c.hubot.commandsMedianMs), c.ratios.commands),
    `runs, cold start ms: Stagehand ${list((r) => r.startMs, c.stagehand.runs)}; Hubot ${list((r) => r.startMs, c.hubot.runs)}`,
    `runs, ${c.commands} commands ms: Stagehand ${list((r) => r.commandsMs, c.stagehand.runs)}; Hubot ${list((r) => r.commandsMs, c.hubot.runs)}`,
    `runs, VmHWM MiB: Stagehand ${list((r) => r.hwmMB, c.stagehand.runs)}; Hubot ${list((r) => r.hwmMB, c.hubot.runs)}`,
  ];
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, commands: { type: 'string' }, json: { type: 'boolean' }, baseline: { type: 'string' } } });
  const result = await compareWithHubot({
    ...(values.runs ? { runs: Number(values.runs) } : {}),
    ...(values.commands ? { commands: Number(values.commands) } : {}),
    ...(values.baseline ? { baseline: resolve(values.baseline) } : {}),
  });
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${describeHubot(result).join('\n')}\n`);
}
