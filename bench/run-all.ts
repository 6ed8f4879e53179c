/**
 * `npm run bench`: every benchmark, and one table — figure | value | target | comparison — so a reader sees
 * in one place where Stagehand stands against the README's targets, the bare libraries and its own figures
 * at 1,000 releases.
 *
 * 1. seeds a store (1,000 releases, 100,000 events) into a temp dir under os.tmpdir();
 * 2. times `!release status`, `!release history`, `!testers` and the status page in a fresh process
 *    (bench/status.bench.ts);
 * 3. runs `npm start`'s build step and starts the bot 10 times as `npm start` does, then under tsx
 *    (bench/startup.bench.ts);
 * 4. 500 early testers answer within 10 s and the sign-off matrix is rendered (bench/testers.bench.ts);
 * 5. 42 days of reminder checks (bench/schedule.bench.ts);
 * 6. seeds a store of 10,000 releases and times the same figures there, alternating with the 1,000 store,
 *    best of three runs each (bench/store-scale.bench.ts);
 * 7. on real Synapse and InspIRCd + Atheme (installed by scripts/e2e/servers.mjs when they can be): reply
 *    latency beside bare echo bots, and a 100-line IRC burst (bench/chat/);
 * 8. Stagehand beside Hubot 14's shell adapter, paired runs: cold start to a help reply, peak memory and
 *    1,000 commands (bench/hubot.bench.ts; Hubot is installed into bench/hubot/ when missing);
 * 9. prints the table.
 *
 * Options (after `npm run bench --`): --runs N (start-ups per variant, default 10), --iterations N (timed
 * commands, default 3000), --no-chat (skip step 7), --keep (keep the seeded data dirs).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import type { ChatBenchFigures } from './chat/chat-latency.bench.js';
import { describeSeed, REPO_ROOT, seedStore } from './seed-store.js';
import { describeTimings, STATUS_PAGE, type Timing } from './status.bench.js';
import { describeStartup, NPM_START_BOT, runStartupBench, TSX_BOT } from './startup.bench.js';
import { compareScale, describeScale, seedLarge, timeBoth, timeStore } from './store-scale.bench.js';
import { describeTesters, type TestersBenchResult } from './testers.bench.js';
import { compareWithHubot, describeHubot } from './hubot.bench.js';

const run = promisify(execFile);

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string' },
    iterations: { type: 'string' },
    keep: { type: 'boolean' },
    'no-chat': { type: 'boolean' },
  },
});
const runs = Number(flags.runs ?? 10);
const iterations = Number(flags.iterations ?? 3000);

const say = (...lines: string[]): void => {
  process.stdout.write(`${lines.join('\n')}\n`);
};
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, node ${process.version}, ${process.platform}/${process.arch}`;

say(`Stagehand benchmark — ${new Date().toISOString()}`, `machine: ${machine}`, `load average at start: ${load()}`, '');

/** One row of the table: figure | value | target | comparison. */
type Row = [figure: string, value: string, target: string, comparison: string];
const rows: Row[] = [];
const ms = (n: number, digits = 2): string => `${n.toFixed(digits)} ms`;
const verdict = (ok: boolean, note = ''): string => `${ok ? 'within target' : 'MISSES target'}${note ? ` (${note})` : ''}`;

const dataDir = mkdtempSync(join(tmpdir(), 'stagehand-bench-'));
const largeRoots: string[] = [];
const notes: string[] = [];
try {
  // 1. The store.
  const seed = await seedStore({ dataDir });
  say('Seeded store (1,000 releases)', ...describeSeed(seed).map((l) => `  ${l}`), '');

  // 2. Command timings, in a process of their own (the seeding above has warmed and filled this one).
  const status = await timeStore(dataDir, iterations);
  say(`Command and page timings (after warm-up; ${iterations} runs each, 300 for the page)`, ...describeTimings(status).map((l) => `  ${l}`), '');
  const byCommand = (prefix: string): Timing | undefined => status.timings.find((t) => t.command.startsWith(prefix));

  // 3. Start-up as `npm start` runs it: the bundle's staleness check, then the bundle; then under tsx.
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/build.mjs failed: ${build.stderr}`);
  const buildStart = process.hrtime.bigint();
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT });
  const buildCheckMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
  const npmStart = await runStartupBench({ dataDir, runs, bot: NPM_START_BOT });
  say('Start-up and memory', ...describeStartup(npmStart).map((l) => `  ${l}`));
  const tsx = await runStartupBench({ dataDir, runs, bot: TSX_BOT });
  say(...describeStartup(tsx).map((l) => `  ${l}`));

  // 4. The early testers' sign-off at scale, in a process of its own too.
  const testersRun = await run(process.execPath, ['--import', 'tsx', 'bench/testers.bench.ts', '--json'], { cwd: REPO_ROOT, maxBuffer: 16 * 2 ** 20 });
  const testers = JSON.parse(testersRun.stdout.trim().split('\n').pop() ?? '{}') as TestersBenchResult;
  say('', 'Early testers: 500 answers, then the sign-off matrix', ...describeTesters(testers).map((l) => `  ${l}`));

  // 5. Reminders over 42 simulated days.
  const schedule = (await run(process.execPath, ['--import', 'tsx', 'bench/schedule.bench.ts'], { cwd: REPO_ROOT })).stdout.trim();
  say('', 'Reminders', ...schedule.split('\n').map((l) => `  ${l}`));

  // 6. The same figures on a store ten times larger.
  const large = await seedLarge();
  largeRoots.push(large.root);
  say('', 'Seeded store (10,000 releases)', ...describeSeed(large.seed).map((l) => `  ${l}`));
  const both = await timeBoth(dataDir, large.seed.dataDir, iterations, 3, [status]);
  const scale = compareScale(both.small, both.large);
  notes.push('the 10,000-release rows compare the best of three runs on each store (alternating, each in a fresh process) against each other; the rows above them are the first run.');
  say('', 'At 10,000 releases against 1,000', ...describeScale(scale).map((l) => `  ${l}`));

  // 7. Beside Hubot 14, paired runs on this machine now.
  const hubot = await compareWithHubot({ runs, commands: 1000 });
  say('', `Stagehand beside Hubot ${hubot.hubotVersion}'s shell adapter`, ...describeHubot(hubot).map((l) => `  ${l}`));

  // 8. Real servers, when they can be installed here.
  const chat = flags['no-chat'] ? { skipped: 'skipped (--no-chat)' } : runChatBench();
  say('', `load average at end: ${load()}`, '');

  // 9. The table.
  const st = byCommand('!release status');
  if (st) {
    rows.push(['`!release status`, median (p95)', `${ms(st.medianMs, 3)} (${ms(st.p95Ms)})`, '< 2 ms', verdict(st.medianMs < 2)]);
  }
  for (const prefix of ['!release history', '!testers', STATUS_PAGE]) {
    const t = byCommand(prefix);
    const label = prefix === STATUS_PAGE ? 'status page `/` rendered' : `\`${t?.command}\``;
    if (t) rows.push([`${label}, median (p95)`, `${ms(t.medianMs, 3)} (${ms(t.p95Ms)})`, '—', '—']);
  }
  for (const r of scale) {
    const label = r.figure === STATUS_PAGE ? 'status page `/`' : `\`${r.figure}\``;
    rows.push([`${label} at 10,000 releases, median`, ms(r.large.medianMs, 3), '≤ 2× the 1,000 figure', `${r.ratio.toFixed(2)}× ${ms(r.small.medianMs, 3)}: ${verdict(r.ratio <= 2)}`]);
  }
  rows.push(['`npm start` bundle check when nothing changed (a process of its own)', `${buildCheckMs.toFixed(0)} ms`, '—', '—']);
  const vsHubot = (ratio: number, theirs: string): string => `${ratio.toFixed(2)}× Hubot's ${theirs}: ${verdict(ratio <= 1)}`;
  rows.push([`cold start to a help reply, median of ${runs} paired runs`, `${hubot.stagehand.startMedianMs.toFixed(0)} ms`, '≤ 1.0× Hubot 14 shell', vsHubot(hubot.ratios.start, `${hubot.hubot.startMedianMs.toFixed(0)} ms`)]);
  rows.push(['peak memory (VmHWM) after 1,000 help commands, median', `${hubot.stagehand.hwmMedianMB.toFixed(1)} MiB`, '≤ 1.0× Hubot 14 shell', vsHubot(hubot.ratios.memory, `${hubot.hubot.hwmMedianMB.toFixed(1)} MiB`)]);
  rows.push(['1,000 help commands, median', `${hubot.stagehand.commandsMedianMs.toFixed(0)} ms`, '≤ 1.0× Hubot 14 shell', vsHubot(hubot.ratios.commands, `${hubot.hubot.commandsMedianMs.toFixed(0)} ms`)]);
  rows.push([`start-up to ready, ${npmStart.label}, median (max of ${npmStart.runs.length})`, `${npmStart.readyMedianMs.toFixed(0)} ms (${npmStart.readyMaxMs.toFixed(0)} ms)`, '< 1 s', verdict(npmStart.readyMedianMs < 1000, npmStart.readyMaxMs < 1000 ? '' : 'max is not')]);
  rows.push([`resident memory after one status, ${npmStart.label}, median (max)`, `${npmStart.rssMedianMB.toFixed(1)} MB (${npmStart.rssMaxMB.toFixed(1)} MB)`, '< 100 MB', verdict(npmStart.rssMedianMB < 100, npmStart.rssMaxMB < 100 ? '' : 'max is not')]);
  rows.push([`start-up / memory ${tsx.label}`, `${tsx.readyMedianMs.toFixed(0)} ms / ${tsx.rssMedianMB.toFixed(1)} MB`, '—', `${(tsx.readyMedianMs / npmStart.readyMedianMs).toFixed(2)}× / ${(tsx.rssMedianMB / npmStart.rssMedianMB).toFixed(2)}× npm start`]);
  for (const layout of testers.layouts) {
    rows.push([`500 \`!tested\` answers (${layout.layout}): recorded, answers/s`, `${layout.recorded}/${layout.testers}, ${layout.answersPerSecond.toFixed(0)}/s`, 'all recorded', verdict(layout.recorded === layout.testers)]);
    for (const t of layout.timings) {
      rows.push([`\`${t.command}\` with that matrix, median (p95)`, `${ms(t.medianMs)} (${ms(t.p95Ms)})`, '< 50 ms', verdict(t.medianMs < 50, t.p95Ms < 50 ? '' : 'p95 is not')]);
    }
  }
  const days = /: (\d+) ms, (\d+) reminders/.exec(schedule);
  const slot = /(\d+) µs per call/.exec(schedule);
  if (days) rows.push(['42 days of reminder checks (3,108 slots), reminders queued and delivered', `${days[1]} ms, ${days[2]} reminders`, '—', '—']);
  if (slot) rows.push(['next cron slot (node-cron match), per call', `${slot[1]} µs`, '—', '—']);
  if ('figures' in chat) {
    const f = chat.figures;
    const ratio = (a: number, b: number): number => a / b;
    const m = ratio(f.matrix.bot.medianMs, f.matrix.echo.medianMs);
    const i = ratio(f.irc.bot.medianMs, f.irc.echo.medianMs);
    rows.push(['Matrix: `!release status` reply seen by the asker, median (p95)', `${ms(f.matrix.bot.medianMs, 1)} (${ms(f.matrix.bot.p95Ms, 1)})`, '≤ 1.2× bare library', `${m.toFixed(2)}× echo bot, matrix-bot-sdk: ${ms(f.matrix.echo.medianMs, 1)}: ${verdict(m <= 1.2)}`]);
    rows.push(['IRC: first line of the `!release status` reply, median (p95)', `${ms(f.irc.bot.medianMs, 1)} (${ms(f.irc.bot.p95Ms, 1)})`, '≤ 1.2× bare library', `${i.toFixed(2)}× echo bot, irc-framework: ${ms(f.irc.echo.medianMs, 1)}: ${verdict(i <= 1.2)}`]);
    rows.push(['IRC: 100 lines × 300 bytes on default flood limits', f.burst.stagehand, 'all delivered, no flood disconnect', `bare client writing at once: ${f.burst.bare}: ${verdict(f.burst.stagehandAll)}`]);
    notes.push(`real servers: Synapse and InspIRCd 3 + Atheme on loopback, ${f.rounds} rounds each, the bot at log level info.`);
  } else {
    rows.push(['chat latency on real Synapse / InspIRCd', chat.skipped, '≤ 1.2× bare library', '—']);
  }

  const head: Row = ['figure', 'value', 'target', 'comparison'];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  const fmtRow = (r: readonly string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  say(
    fmtRow(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(fmtRow),
    '',
    `Machine: ${machine}; ${new Date().toISOString().slice(0, 10)}; load average at end ${load()}.`,
    `Data: ${seed.releases} releases, ${seed.events} events, ${seed.answers} tester answers, ${seed.outboxRows} delivered outbox rows (and ${large.seed.releases} releases, ${large.seed.events} events for the 10,000 rows).`,
    ...notes.map((n) => `Note: ${n}`),
  );
} finally {
  if (flags.keep) say(`(seeded data kept in ${[dataDir, ...largeRoots].join(', ')})`);
  else for (const dir of [dataDir, ...largeRoots]) rmSync(dir, { recursive: true, force: true });
}

/**
 * bench/chat on real servers: installed first (idempotent; apt needs root or sudo). A machine where they
 * cannot be installed gets a row saying so instead of figures; a benchmark that fails once started throws.
 */
function runChatBench(): { figures: ChatBenchFigures } | { skipped: string } {
  const install = spawnSync(process.execPath, ['scripts/e2e/servers.mjs', 'install'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (install.status !== 0) return { skipped: `not run: the servers could not be installed (${(install.stderr || install.stdout).trim().split('\n').pop() ?? ''})` };
  const out = join(mkdtempSync(join(tmpdir(), 'stagehand-bench-chat-')), 'chat.json');
  const bench = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'bench/chat/vitest.config.ts'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, BENCH_CHAT_JSON: out },
    maxBuffer: 64 * 2 ** 20,
  });
  say('', 'Chat on real servers (bench/chat)', ...bench.stdout.split('\n').filter((l) => l.startsWith('|') || l.startsWith('(')).map((l) => `  ${l}`));
  if (bench.status !== 0 || !existsSync(out)) throw new Error(`bench/chat failed:\n${bench.stdout.slice(-3000)}\n${bench.stderr.slice(-3000)}`);
  const figures = JSON.parse(readFileSync(out, 'utf8')) as ChatBenchFigures;
  rmSync(join(out, '..'), { recursive: true, force: true });
  return { figures };
}
