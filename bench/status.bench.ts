/**
 * Times read commands against a seeded store, through the real composition root: `createApp` with the
 * real config/default.yaml, the system clock, a silent logger and in-memory shell streams. Each sample is
 * `dispatcher.handle(text, lead)` plus `renderPlain` of the reply, which is all the bot does for a line
 * apart from writing it out. The status page is timed the same way: the report its `/` route builds from
 * the desk, rendered to HTML by the web module (src/web/), without the HTTP round trip.
 *
 * Standalone: node --import tsx bench/status.bench.ts --data DIR [--iterations 3000] [--warmup 300] [--json]
 * (DIR from bench/seed-store.ts; the store is only read.)
 */
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.js';
import { renderPlain } from '../src/commands-kit/render-plain.js';
import { loadConfigFile } from '../src/config/load.js';
import { policyOf } from '../src/config/policy-of.js';
import { silentLogger } from '../src/log/logger.js';
import { Roster } from '../src/people/roster.js';
import { formatVersion } from '../src/release/version.js';
import { AdjustableClock } from '../src/ground/clock.js';
import { buildStatusReport } from '../src/web/release-report.js';
import { renderStatusPage } from '../src/web/status-page.js';
import { DEFAULT_CONFIG_FILE } from './seed-store.js';

export interface Timing {
  readonly command: string;
  readonly iterations: number;
  readonly replyLines: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/** The status page's figure in a StatusBenchResult (it is timed like a command). */
export const STATUS_PAGE = 'status page /';

export interface StatusBenchResult {
  readonly timings: readonly Timing[];
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export async function runStatusBench(options: { dataDir: string; iterations?: number; warmup?: number; configFile?: string }): Promise<StatusBenchResult> {
  const iterations = options.iterations ?? 3000;
  const warmup = options.warmup ?? 300;
  const loaded = loadConfigFile(options.configFile ?? DEFAULT_CONFIG_FILE);
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume();
  const app = createApp({
    loaded,
    dataDir: resolve(options.dataDir),
    log: silentLogger(),
    clock: AdjustableClock.system(),
    io: { input, output, interactive: false },
  });
  await app.start();
  try {
    const lead = new Roster(loaded.config).identify('shell', 'lead', 'lead');
    // The active release with the most history: the one in community testing, in the seeded store.
    const active = app.desk.active();
    const tested = active.find((r) => r.stage === 2 || r.stage === 3) ?? active[0];
    if (!tested) throw new Error(`no active release in ${options.dataDir}; seed it with bench/seed-store.ts`);
    const commands = ['!release status', `!release history ${formatVersion(tested.version)}`, '!testers', STATUS_PAGE];
    const { config } = loaded;
    const sources = {
      desk: app.desk,
      now: () => Date.now(),
      policy: policyOf(config),
      cadence: { anchor: config.cadence.anchor, everyWeeks: config.cadence.everyWeeks, timeZone: config.timeZone },
      project: { name: config.project.name, repo: config.project.repo },
    };

    const timings: Timing[] = [];
    for (const command of commands) {
      let lines = 0;
      const once = async (): Promise<void> => {
        if (command === STATUS_PAGE) {
          lines = renderStatusPage(buildStatusReport(sources)).split('\n').length;
          return;
        }
        const reply = await app.dispatcher.handle(command, lead);
        if (!reply) throw new Error(`${command}: no reply`);
        if (reply.tone === 'refused') throw new Error(`${command}: refused: ${renderPlain(reply).join(' / ')}`);
        lines = renderPlain(reply).length;
      };
      // The page costs milliseconds, not microseconds: fewer runs give as steady a median.
      const runs = command === STATUS_PAGE ? Math.min(iterations, 300) : iterations;
      for (let i = 0; i < Math.min(warmup, runs); i++) await once();
      const samples = new Float64Array(runs);
      for (let i = 0; i < runs; i++) {
        const t0 = process.hrtime.bigint();
        await once();
        samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
      }
      const sorted = [...samples].sort((a, b) => a - b);
      timings.push({
        command,
        iterations: runs,
        replyLines: lines,
        medianMs: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        p99Ms: percentile(sorted, 99),
        minMs: sorted[0] ?? Number.NaN,
        maxMs: sorted[sorted.length - 1] ?? Number.NaN,
        meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      });
    }
    return { timings };
  } finally {
    input.end();
    await app.stop();
  }
}

export function describeTimings(result: StatusBenchResult): string[] {
  const fmt = (ms: number): string => ms.toFixed(3);
  return result.timings.map(
    (t) =>
      `${t.command.padEnd(28)} median ${fmt(t.medianMs)} ms  p95 ${fmt(t.p95Ms)} ms  p99 ${fmt(t.p99Ms)} ms  ` +
      `(min ${fmt(t.minMs)}, max ${fmt(t.maxMs)}, mean ${fmt(t.meanMs)}; ${t.iterations} runs; reply ${t.replyLines} lines)`,
  );
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, iterations: { type: 'string' }, warmup: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (!values.data) {
    process.stderr.write('usage: node --import tsx bench/status.bench.ts --data DIR [--iterations N] [--warmup N] [--json]\n');
    process.exit(2);
  }
  const result = await runStatusBench({
    dataDir: values.data,
    ...(values.iterations ? { iterations: Number(values.iterations) } : {}),
    ...(values.warmup ? { warmup: Number(values.warmup) } : {}),
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${describeTimings(result).join('\n')}\n`);
}
