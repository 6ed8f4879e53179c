/**
 * `npm run bench`: the performance figures of issue #1.
 *
 * 1. seeds a store (1,000 releases, 100,000 events) into a temp dir under os.tmpdir();
 * 2. times `!release status` (and `!release history`, `!testers`) in a fresh process (bench/status.bench.ts);
 * 3. runs `npm start`'s build step and starts the bot 10 times as `npm start` does (bench/startup.bench.ts);
 * 4. starts it 10 times under the tsx loader, for comparison;
 * 4b. 500 early testers answer within 10 s and the sign-off matrix is rendered (bench/testers.bench.ts);
 * 5. prints one table: figure | value | target | within target?
 *
 * Options (after `npm run bench --`): --runs N (start-ups per variant, default 10), --iterations N (timed
 * commands, default 3000), --keep (keep the seeded data dir).
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { describeSeed, REPO_ROOT, seedStore } from './seed-store.js';
import { describeTimings, type StatusBenchResult, type Timing } from './status.bench.js';
import { describeStartup, NPM_START_BOT, runStartupBench, TSX_BOT } from './startup.bench.js';
import { describeTesters, type TestersBenchResult } from './testers.bench.js';

const run = promisify(execFile);

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string' },
    iterations: { type: 'string' },
    keep: { type: 'boolean' },
  },
});
const runs = Number(flags.runs ?? 10);
const iterations = Number(flags.iterations ?? 3000);

const say = (...lines: string[]): void => {
  process.stdout.write(`${lines.join('\n')}\n`);
};
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

say(
  `Stagehand benchmark — ${new Date().toISOString()}`,
  `machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, node ${process.version}, ${process.platform}/${process.arch}`,
  `load average at start: ${load()}`,
  '',
);

const dataDir = mkdtempSync(join(tmpdir(), 'stagehand-bench-'));
const notes: string[] = [];
try {
  // 1. The store.
  const seed = await seedStore({ dataDir });
  say('Seeded store', ...describeSeed(seed).map((l) => `  ${l}`), '');

  // 2. Command timings, in a process of their own (the seeding above has warmed and filled this one).
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/status.bench.ts', '--data', dataDir, '--iterations', String(iterations), '--json'],
    { cwd: REPO_ROOT, maxBuffer: 16 * 2 ** 20 },
  );
  const status = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as StatusBenchResult;
  say(`Command timings (dispatcher.handle + renderPlain, after warm-up; ${iterations} runs each)`, ...describeTimings(status).map((l) => `  ${l}`), '');

  // 3. Start-up as `npm start` runs it: its build step, then plain JavaScript from dist/.
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/build.mjs failed: ${build.stderr}`);
  const buildStart = process.hrtime.bigint();
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT });
  const buildCheckMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
  const npmStart = await runStartupBench({ dataDir, runs, bot: NPM_START_BOT });
  say('Start-up and memory', ...describeStartup(npmStart).map((l) => `  ${l}`));

  // 4. The same sources through the tsx loader, to show what the build step saves.
  const tsx = await runStartupBench({ dataDir, runs, bot: TSX_BOT });
  say(...describeStartup(tsx).map((l) => `  ${l}`));
  // 4b. The early testers' sign-off at scale, in a process of its own too.
  const testersRun = await run(process.execPath, ['--import', 'tsx', 'bench/testers.bench.ts', '--json'], { cwd: REPO_ROOT, maxBuffer: 16 * 2 ** 20 });
  const testers = JSON.parse(testersRun.stdout.trim().split('\n').pop() ?? '{}') as TestersBenchResult;
  say('', 'Early testers: 500 answers, then the sign-off matrix', ...describeTesters(testers).map((l) => `  ${l}`));
  say('', `load average at end: ${load()}`, '');

  // 5. The table.
  const byCommand = (prefix: string): Timing | undefined => status.timings.find((t) => t.command.startsWith(prefix));
  const ms = (n: number, digits = 2): string => `${n.toFixed(digits)} ms`;
  const rows: [string, string, string, string][] = [];
  const check = (ok: boolean, maxOk = true): string => (ok ? (maxOk ? 'yes' : 'yes (max is not)') : 'NO');
  const st = byCommand('!release status');
  if (st) {
    rows.push(['`!release status`, median', ms(st.medianMs, 3), '< 2 ms', check(st.medianMs < 2)]);
    rows.push(['`!release status`, p95 / p99', `${ms(st.p95Ms)} / ${ms(st.p99Ms)}`, '—', '—']);
  }
  for (const prefix of ['!release history', '!testers']) {
    const t = byCommand(prefix);
    if (t) rows.push([`\`${t.command}\`, median (p95)`, `${ms(t.medianMs, 3)} (${ms(t.p95Ms)})`, '—', '—']);
  }
  for (const layout of testers.layouts) {
    rows.push([`500 \`!tested\` answers (${layout.layout}): recorded, answers/s`, `${layout.recorded}/${layout.testers}, ${layout.answersPerSecond.toFixed(0)}/s`, 'all recorded', check(layout.recorded === layout.testers)]);
    for (const t of layout.timings) {
      rows.push([`\`${t.command}\` with that matrix, median (p95)`, `${ms(t.medianMs)} (${ms(t.p95Ms)})`, '< 50 ms', t.medianMs < 50 ? (t.p95Ms < 50 ? 'yes' : 'yes (p95 is not)') : 'NO']);
    }
  }
  rows.push(['`npm start` build step when nothing changed', `${buildCheckMs.toFixed(0)} ms`, '—', '—']);
  for (const r of [npmStart, tsx]) {
    rows.push([`start-up to ready, ${r.label}, median (max of ${r.runs.length})`, `${r.readyMedianMs.toFixed(0)} ms (${r.readyMaxMs.toFixed(0)} ms)`, '< 1 s', check(r.readyMedianMs < 1000, r.readyMaxMs < 1000)]);
  }
  for (const r of [npmStart, tsx]) {
    rows.push([`resident memory after one status, ${r.label}, median (max)`, `${r.rssMedianMB.toFixed(1)} MB (${r.rssMaxMB.toFixed(1)} MB)`, '< 100 MB', check(r.rssMedianMB < 100, r.rssMaxMB < 100)]);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['figure', 'value', 'target', 'within target?'], ...rows].map((r) => r[i]!.length)));
  const fmtRow = (r: readonly string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  say(
    fmtRow(['figure', 'value', 'target', 'within target?']),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(fmtRow),
    '',
    `Data: ${seed.releases} releases, ${seed.events} events, ${seed.answers} tester answers, ${seed.outboxRows} delivered outbox rows; ${availableParallelism()} CPUs, node ${process.version}.`,
    ...notes.map((n) => `Note: ${n}`),
  );
} finally {
  if (flags.keep) say(`(seeded data kept in ${dataDir})`);
  else rmSync(dataDir, { recursive: true, force: true });
}
