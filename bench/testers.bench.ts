/**
 * `npm run bench:testers` (and part of `npm run bench`): 500 enrolled early testers answer `!tested` within
 * 10 seconds of (injected) time, through the real app — createApp with config/default.yaml extended by the
 * testers, the Dispatcher, the desk and SQLite in a temp dir — then `!testers` and `!release status` render
 * the sign-off matrix with all 500 answers.
 *
 * Two layouts: 500 organisations of one person (a 1,000-row matrix, the heavier render) and 250
 * organisations of two people (two answers per organisation, latest-per-person counting). Every answer
 * must be recorded — the answers table, the history and the matrix are counted, and a shortfall throws.
 * Figures are printed, never asserted.
 *
 * Standalone: node --import tsx bench/testers.bench.ts [--iterations 200] [--json]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { renderReply } from '../src/chat/matrix/html.js';
import { renderPlain } from '../src/commands-kit/render-plain.js';
import type { Config } from '../src/config/schema.js';
import { createTestApp, startInDevTesting } from '../test/helpers/test-app.js';
import { percentile } from './status.bench.js';

export const TESTERS = 500;
/** The answers arrive spread over this much injected time. */
const ANSWER_WINDOW_MS = 10_000;

export interface MatrixTiming {
  readonly command: string;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly rows: number;
  /** The Matrix event content (plain body + HTML), in bytes. */
  readonly matrixBytes: number;
}

export interface TestersLayoutResult {
  readonly layout: string;
  readonly orgs: number;
  readonly testers: number;
  readonly recorded: number;
  readonly answerWallMs: number;
  readonly answersPerSecond: number;
  readonly timings: readonly MatrixTiming[];
}

export interface TestersBenchResult {
  readonly iterations: number;
  readonly layouts: readonly TestersLayoutResult[];
}

/** `orgs` organisations of `perOrg` people each, enrolled in dev and prod, with shell handles t0001…. */
function withTesters(orgs: number, perOrg: number) {
  return (config: Config): Config => {
    const people = { ...config.people };
    const testers: Config['testers'] = [];
    for (let o = 0; o < orgs; o++) {
      const ids: string[] = [];
      for (let p = 0; p < perOrg; p++) {
        const id = `t${String(o * perOrg + p).padStart(4, '0')}`;
        people[id] = { shell: id };
        ids.push(id);
      }
      testers.push({ org: `Org${String(o).padStart(3, '0')}`, people: ids, environments: ['dev', 'prod'] });
    }
    return { ...config, people, testers };
  };
}

async function runLayout(layout: string, orgs: number, perOrg: number, iterations: number): Promise<TestersLayoutResult> {
  const t = createTestApp({ configure: withTesters(orgs, perOrg) });
  try {
    await t.app.start();
    await startInDevTesting(t);
    const release = t.app.desk.active()[0];
    if (release?.stage !== 2) throw new Error('the release did not reach stage 2');

    // Every tester answers once, in 10 s of injected time; one in ten reports a problem with a link.
    const testers = orgs * perOrg;
    const step = ANSWER_WINDOW_MS / testers;
    const started = process.hrtime.bigint();
    for (let i = 0; i < testers; i++) {
      const id = `t${String(i).padStart(4, '0')}`;
      const text = i % 10 === 9 ? `!tested issue https://github.com/ipfs/go-ipfs/issues/${7000 + i} pins lost after restart` : '!tested ok';
      const said = await t.say(text, id);
      if (said.tone !== 'ok') throw new Error(`${id}: ${text} was refused: ${said.text}`);
      await t.clock.advanceBy(step);
    }
    const answerWallMs = Number(process.hrtime.bigint() - started) / 1e6;

    const db = t.app.store.db;
    const recorded = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM answers WHERE release_id = ? AND rc = 1 AND stage = 2').get(release.id)?.n ?? 0;
    const history = db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM events WHERE release_id = ? AND kind = 'answered'").get(release.id)?.n ?? 0;
    const elapsed = t.clock.now() - (release.visits[release.visits.length - 1]?.enteredAt ?? 0);
    if (recorded !== testers || history !== testers) throw new Error(`${layout}: ${testers} answers given, ${recorded} recorded, ${history} in the history`);
    if (elapsed > ANSWER_WINDOW_MS) throw new Error(`${layout}: the answers took ${elapsed} ms of injected time`);

    const lead = t.person('lead');
    const timings: MatrixTiming[] = [];
    for (const command of ['!testers', '!release status']) {
      let rows = 0;
      let matrixBytes = 0;
      const once = async (): Promise<void> => {
        const reply = await t.app.dispatcher.handle(command, lead);
        if (reply === null || reply.tone === 'refused') throw new Error(`${command}: no reply or refused`);
        const plain = renderPlain(reply);
        const html = renderReply(reply, () => undefined);
        rows = plain.filter((l) => / (dev|prod) {2}/.test(l)).length;
        matrixBytes = Buffer.byteLength(html.body) + Buffer.byteLength(html.formatted_body);
        const waiting = plain.filter((l) => l.includes('no answer yet')).length;
        if (waiting !== 0) throw new Error(`${command}: ${waiting} organisations shown as not answered`);
      };
      for (let i = 0; i < Math.max(10, iterations / 10); i++) await once();
      const samples: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const t0 = process.hrtime.bigint();
        await once();
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      if (rows !== orgs * 2) throw new Error(`${command}: ${rows} matrix rows, expected ${orgs * 2}`);
      samples.sort((a, b) => a - b);
      timings.push({ command, medianMs: percentile(samples, 50), p95Ms: percentile(samples, 95), maxMs: samples[samples.length - 1] ?? NaN, rows, matrixBytes });
    }
    return { layout, orgs, testers, recorded, answerWallMs, answersPerSecond: (testers / answerWallMs) * 1000, timings };
  } finally {
    await t.close();
  }
}

export async function runTestersBench(options: { iterations?: number } = {}): Promise<TestersBenchResult> {
  const iterations = options.iterations ?? 200;
  return {
    iterations,
    layouts: [
      await runLayout(`${TESTERS} orgs × 1 person`, TESTERS, 1, iterations),
      await runLayout(`${TESTERS / 2} orgs × 2 people`, TESTERS / 2, 2, iterations),
    ],
  };
}

export function describeTesters(result: TestersBenchResult): string[] {
  return result.layouts.flatMap((l) => [
    `${l.layout}: ${l.recorded}/${l.testers} answers recorded within 10 s of injected time; ${l.answersPerSecond.toFixed(0)} answers/s (${l.answerWallMs.toFixed(0)} ms wall, each !tested through dispatcher + desk + SQLite + reply)`,
    ...l.timings.map(
      (t) =>
        `  ${t.command.padEnd(16)} median ${t.medianMs.toFixed(2)} ms  p95 ${t.p95Ms.toFixed(2)} ms  max ${t.maxMs.toFixed(2)} ms  ` +
        `(handle + plain + Matrix HTML; ${t.rows} matrix rows; Matrix content ${(t.matrixBytes / 1024).toFixed(0)} KiB; ${result.iterations} runs)`,
    ),
  ]);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({ options: { iterations: { type: 'string' }, json: { type: 'boolean' } } });
  const result = await runTestersBench(values.iterations ? { iterations: Number(values.iterations) } : {});
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${describeTesters(result).join('\n')}\n`);
}
