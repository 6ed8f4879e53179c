/**
 * Builds a realistic Stagehand data directory for the benchmarks (issue #1: 1,000 releases and 100,000
 * events in the store).
 *
 * - The ended releases (released or aborted) are played through the real, pure release engine
 *   (startRelease / advanceRelease / restartRelease / abortRelease) and written through the real
 *   repositories (src/store/*) inside a few large transactions: the final release row with all its stage
 *   visits, one history event per transition, the early testers' answers with their `answered` events,
 *   and, for the most recent releases, the outbox rows the real EffectComposer plans for each transition
 *   (marked delivered, with their dry-run log entries). Events are inserted in time order, as the bot
 *   would have inserted them.
 * - The active releases (a feature release in stage 2 and a patch release in stage 1) are driven through
 *   the real app (`createApp`: ReleaseDesk, outbox worker, dry-run publishers) on a manual clock that is
 *   moved from a few weeks ago up to now, so their rows are exactly what the bot writes.
 *
 * Standalone: node --import tsx bench/seed-store.ts --data DIR [--releases 1000] [--events 100000]
 *             [--outbox-releases 200] [--json]
 */
import { prng } from '../test/helpers/prng.js';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createApp } from '../src/app.js';
import { loadConfigFile, resolveFrom, type LoadedConfig } from '../src/config/load.js';
import { policyOf } from '../src/config/policy-of.js';
import { silentLogger } from '../src/log/logger.js';
import { Roster, type Person } from '../src/people/roster.js';
import { describePayload } from '../src/publish/dry-run-publisher.js';
import { projectStages } from '../src/release/cadence.js';
import { abortRelease, advanceRelease, restartRelease, startRelease } from '../src/release/engine.js';
import type { ProcessPolicy } from '../src/release/policy.js';
import type { TesterAnswer } from '../src/release/signoff.js';
import { nextStage, STAGE_NAMES, type Stage } from '../src/release/stages.js';
import type { Release, Transition } from '../src/release/types.js';
import { formatVersion, kindOf, rcTag, sameLine, type Version } from '../src/release/version.js';
import { AdjustableClock, DAY, HOUR, MINUTE } from '../src/ground/clock.js';
import { Store } from '../src/store/store.js';
import { EffectComposer, projectInfoOf } from '../src/text/effect-composer.js';
import { describeTransition } from '../src/text/history-line.js';
import { Templates } from '../src/text/templates.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_CONFIG_FILE = join(REPO_ROOT, 'config', 'default.yaml');

export interface SeedOptions {
  /** Data directory to create (must not hold a store yet). */
  readonly dataDir: string;
  /** Releases in total, active ones included. */
  readonly releases?: number;
  /** History events in total, active releases' included. */
  readonly events?: number;
  /** How many of the most recent ended releases get their (delivered) outbox rows; ~15-20 rows each. */
  readonly outboxReleases?: number;
  /** "Now": the active releases' last change happens shortly before it. */
  readonly now?: number;
  /** PRNG seed, so two runs build the same store. */
  readonly seed?: number;
  readonly configFile?: string;
}

export interface SeedSummary {
  readonly dataDir: string;
  readonly releases: number;
  readonly activeReleases: readonly { version: string; stage: number; rc: number; events: number }[];
  readonly released: number;
  readonly aborted: number;
  readonly events: number;
  readonly answers: number;
  readonly stageVisits: number;
  readonly outboxRows: number;
  readonly outboxDelivered: number;
  readonly dryRunPosts: number;
  readonly dbBytes: number;
  readonly seedMs: number;
}

// ---- deterministic randomness -----------------------------------------------------------------

class Rand {
  constructor(readonly next: () => number) {}
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  int(lo: number, hi: number): number {
    return Math.floor(this.between(lo, hi + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

// ---- the ended releases, as pure data ---------------------------------------------------------

const ISSUE_NOTES = [
  'gateway returns 502 under load',
  'memory keeps growing after 6h',
  'DHT lookups much slower than the previous RC',
  'pinning a large DAG stalls',
  'bitswap panics on shutdown',
  'repo migration fails on our prod snapshot',
];
const RESTART_REASONS = [
  'fix for the gateway regression landed (#%)',
  'bitswap deadlock fixed (#%)',
  'security fix in a dependency (#%)',
  'revert of the datastore change (#%)',
];
const ABORT_REASONS = ['superseded by the next feature release', 'blocking regression, the fix needs a new design', 'release postponed, branch abandoned'];
const OVERRIDE_REASONS = ['the org is on holiday this week; agreed in the sync call', 'CI is red on a known flaky test (#%)'];

interface PlannedEvent {
  readonly at: number;
  /** Index into `plans`. */
  readonly release: number;
  readonly actor: string;
  readonly kind: string;
  readonly summary: string;
  readonly reason: string | null;
  /** For `answered` events: the answer row to record with it. */
  readonly answer?: { readonly rc: number; readonly stage: Stage; readonly org: string; readonly answer: TesterAnswer };
}

interface TesterRoundPlan {
  readonly release: number;
  readonly version: Version;
  readonly rc: number;
  readonly stage: Stage;
  readonly from: number;
  readonly to: number;
  /** How the round ended: a restart after an issue, an override, an abort or the normal advance. */
  readonly end: 'advanced' | 'restarted' | 'overridden' | 'aborted';
}

/** Where the release branch starts, and the newest release before it (as the desk works them out). */
interface Lineage {
  readonly base: string;
  readonly previousRelease: string | null;
}

interface ReleasePlan {
  readonly version: Version;
  readonly final: Release;
  readonly lineage: Lineage;
  readonly transitions: Transition[];
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T {
  if (!result.ok) throw new Error(`seed: ${what}: ${result.error.message}`);
  return result.value;
}

/** Stage durations in ms, as a release lead might take them. */
function stageDuration(rand: Rand, release: Release, stage: Stage): number {
  switch (stage) {
    case 0:
      return rand.between(2, 20) * HOUR;
    case 1:
      return release.kind === 'patch' ? rand.between(10, 36) * HOUR : rand.between(3, 8) * DAY;
    case 2:
    case 3:
      return release.kind === 'patch' ? rand.between(1, 3) * DAY : rand.between(4, 9) * DAY;
    case 4:
      return 0;
  }
}

/** The versions of the ended releases, oldest first: minor lines v0.M.0, each followed by 0-3 patches. */
function versionPlan(rand: Rand, count: number): { version: Version; outcome: 'released' | 'aborted' }[] {
  const out: { version: Version; outcome: 'released' | 'aborted' }[] = [];
  let minor = 1;
  while (out.length < count) {
    const featureAborted = rand.chance(0.1);
    out.push({ version: { major: 0, minor, patch: 0 }, outcome: featureAborted ? 'aborted' : 'released' });
    if (!featureAborted) {
      const patches = rand.pick([0, 1, 1, 2, 2, 3, 4]);
      for (let p = 1; p <= patches && out.length < count; p++) {
        out.push({ version: { major: 0, minor, patch: p }, outcome: rand.chance(0.08) ? 'aborted' : 'released' });
      }
    }
    minor++;
  }
  // The newest ended release is released, so the active patch release has a line to patch.
  const last = out[out.length - 1];
  if (last) last.outcome = 'released';
  return out;
}

function planEndedRelease(
  rand: Rand,
  index: number,
  version: Version,
  outcome: 'released' | 'aborted',
  createdAt: number,
  lineage: Lineage,
  policy: ProcessPolicy,
  lead: string,
  rounds: TesterRoundPlan[],
): ReleasePlan {
  const transitions: Transition[] = [];
  let release = unwrap(startRelease(version, [], { actor: lead, now: createdAt }, policy), `start ${formatVersion(version)}`).release;
  transitions.push({ release, occurrence: { type: 'started' }, actor: lead, at: createdAt });
  let now = createdAt;
  const restarts = rand.pick([0, 0, 0, 0, 0, 1, 1, 1, 2, 3]);
  // Where an aborted release ends: some stage on its path before 4 (in whichever RC it is then).
  let restartsLeft = restarts;
  const abortAfter = outcome === 'aborted' ? rand.int(0, release.kind === 'patch' ? 2 : 3) : -1;
  for (let guard = 0; guard < 100; guard++) {
    const stage = release.stage;
    const spent = stageDuration(rand, release, stage);
    const leaving = now + spent;
    const isTesterStage = stage === 2 || stage === 3;
    // A restart happens in a tester stage (a problem was found) or, rarely, in internal testing.
    const restartHere = restartsLeft > 0 && (isTesterStage || (stage === 1 && rand.chance(0.15))) && rand.chance(0.6);
    const abortHere = !restartHere && abortAfter >= 0 && positionOf(release, stage) >= abortAfter;
    const override = !restartHere && !abortHere && (stage === 0 || isTesterStage) && rand.chance(0.05);
    if (isTesterStage) {
      rounds.push({
        release: index,
        version,
        rc: release.rc,
        stage,
        from: now,
        to: leaving,
        end: restartHere ? 'restarted' : abortHere ? 'aborted' : override ? 'overridden' : 'advanced',
      });
    }
    let transition: Transition;
    if (abortHere) {
      transition = unwrap(abortRelease(release, { actor: lead, now: leaving, reason: rand.pick(ABORT_REASONS) }), 'abort');
    } else if (restartHere) {
      restartsLeft--;
      const reason = rand.pick(RESTART_REASONS).replace('%', String(rand.int(6000, 9999)));
      transition = unwrap(restartRelease(release, { actor: lead, now: leaving, reason }, policy), 'restart');
    } else {
      const gate = override
        ? { open: false, missing: [stage === 0 ? `CI is failing on release-${formatVersion(version)}: simulated CI (set with /ci pass)` : 'waiting for QRI'] }
        : { open: true, missing: [] };
      const force = override ? rand.pick(OVERRIDE_REASONS).replace('%', String(rand.int(6000, 9999))) : null;
      transition = unwrap(advanceRelease(release, { actor: lead, now: leaving, gate, force }, policy), 'advance');
    }
    transitions.push(transition);
    release = transition.release;
    now = leaving;
    if (release.status !== 'active') break;
  }
  if (release.status !== outcome) throw new Error(`seed: ${formatVersion(version)} ended ${release.status}, planned ${outcome}`);
  return { version, final: release, lineage, transitions };
}

function positionOf(release: Release, stage: Stage): number {
  let position = 0;
  for (let s: Stage | undefined = 0; s !== undefined && s !== stage; s = nextStage(release.process, s)) position++;
  return position;
}

/** Spread `budget` answers over the tester rounds (unevenly, as real rounds are), in time order within each. */
function planAnswers(rand: Rand, rounds: readonly TesterRoundPlan[], budget: number, orgs: readonly { org: string; person: string }[]): PlannedEvent[] {
  const weights = rounds.map(() => -Math.log(1 - rand.next()) + 0.3);
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((budget * w) / total));
  let left = budget - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % counts.length, left--) counts[i] = (counts[i] ?? 0) + 1;
  const events: PlannedEvent[] = [];
  rounds.forEach((round, r) => {
    const n = counts[r] ?? 0;
    const times = Array.from({ length: n }, () => rand.between(round.from + 10 * MINUTE, round.to - MINUTE)).sort((a, b) => a - b);
    // Every org answers once first (while there are answers to give), then people update their answers.
    const who = times.map((_, i) => (i < orgs.length ? orgs[i]! : rand.pick(orgs)));
    const lastIndexOf = new Map<string, number>();
    who.forEach((o, i) => lastIndexOf.set(o.org, i));
    const troubled = round.end === 'restarted' || round.end === 'aborted' ? rand.pick(orgs).org : null;
    times.forEach((at, i) => {
      const o = who[i]!;
      const isLast = lastIndexOf.get(o.org) === i;
      let answer: TesterAnswer;
      if (isLast) answer = o.org === troubled ? 'issue' : rand.chance(0.1) ? 'skip' : 'ok';
      else answer = rand.chance(0.3) ? 'issue' : rand.chance(0.15) ? 'skip' : 'ok';
      const note = answer === 'issue' ? rand.pick(ISSUE_NOTES) : answer === 'skip' ? 'no capacity to test this round' : rand.chance(0.2) ? 'deployed to 3 of 40 nodes' : null;
      events.push({
        at,
        release: round.release,
        actor: o.person,
        kind: 'answered',
        summary: `${o.org} answered ${answer} for ${rcTag(round.version, round.rc)} (${STAGE_NAMES[round.stage]})`,
        reason: note,
        answer: { rc: round.rc, stage: round.stage, org: o.org, answer },
      });
    });
  });
  return events;
}

// ---- the active releases, through the real app ------------------------------------------------

type ActiveStep =
  | { readonly at: number; readonly do: 'start' | 'advance'; readonly version: Version; readonly force?: string }
  | { readonly at: number; readonly do: 'restart'; readonly version: Version; readonly reason: string }
  | { readonly at: number; readonly do: 'answer'; readonly version: Version; readonly who: string; readonly answer: TesterAnswer; readonly note?: string }
  | { readonly at: number; readonly do: 'ci'; readonly state: 'pass' | 'fail' };

function activeScript(now: number, feature: Version, patch: Version): ActiveStep[] {
  const ago = (days: number, hours = 0): number => now - days * DAY - hours * HOUR;
  const steps: ActiveStep[] = [
    // The feature release: rc1 went to dev testing, Textile found a problem, rc2 was cut.
    { at: ago(17), do: 'start', version: feature },
    { at: ago(16, 14), do: 'advance', version: feature },
    { at: ago(11), do: 'advance', version: feature },
    { at: ago(10, 20), do: 'answer', version: feature, who: 'infura', answer: 'ok', note: 'deployed to 5 gateways' },
    { at: ago(10, 6), do: 'answer', version: feature, who: 'textile', answer: 'issue', note: 'gateway returns 502 under load' },
    { at: ago(10, 2), do: 'answer', version: feature, who: 'pinata', answer: 'ok' },
    { at: ago(9, 22), do: 'answer', version: feature, who: 'siderus', answer: 'skip', note: 'no capacity this week' },
    { at: ago(9, 12), do: 'answer', version: feature, who: 'rtrade', answer: 'ok' },
    { at: ago(9), do: 'restart', version: feature, reason: 'fix for the gateway 502 regression landed (#7421)' },
    // rc2: CI was red on a flaky test and the lead overrode the gate, on the record.
    { at: ago(8, 20), do: 'ci', state: 'fail' },
    { at: ago(8, 18), do: 'advance', version: feature, force: 'CI red on the known flaky TestBitswapWithoutRouting (#7390)' },
    { at: ago(8, 17), do: 'ci', state: 'pass' },
    { at: ago(3), do: 'advance', version: feature },
  ];
  // rc2 in dev testing: answers and re-answers, so the release has more history than one screen shows.
  const rc2: [string, TesterAnswer, string?][] = [
    ['infura', 'ok', 'deployed to 5 gateways'],
    ['pinata', 'issue', 'pinning a large DAG stalls'],
    ['textile', 'ok', 'the 502s are gone'],
    ['rtrade', 'ok'],
    ['siderus', 'skip', 'no capacity this week'],
    ['pinata', 'issue', 'still stalls with 200k blocks'],
    ['infura', 'ok', 'now on 20 gateways'],
    ['pinata', 'ok', 'our own config problem, sorry'],
    ['textile', 'ok', 'soak test passed'],
    ['rtrade', 'issue', 'memory keeps growing after 6h'],
    ['rtrade', 'issue', 'heap profile attached to #7433'],
    ['rtrade', 'ok', 'was our sidecar, not go-ipfs'],
    ['infura', 'ok', 'now on all gateways'],
    ['siderus', 'ok', 'found time after all'],
    ['textile', 'ok'],
    ['pinata', 'ok', 'pinned 2M blocks without trouble'],
    ['infura', 'ok'],
    ['rtrade', 'ok', '48h soak clean'],
    ['textile', 'ok', 'rolled out to prod-like staging'],
    ['siderus', 'ok', 'desktop app builds fine'],
  ];
  rc2.forEach(([who, answer, note], i) => {
    steps.push({ at: ago(2, 20 - i * 2), do: 'answer', version: feature, who, answer, ...(note ? { note } : {}) });
  });
  // The patch release: started two days ago, in internal testing (and a little over its expected day).
  steps.push({ at: ago(2, 4), do: 'start', version: patch }, { at: ago(1, 9), do: 'advance', version: patch });
  return steps.sort((a, b) => a.at - b.at);
}

async function seedActive(loaded: LoadedConfig, dataDir: string, steps: readonly ActiveStep[]): Promise<void> {
  const first = steps[0]?.at ?? Date.now();
  const clock = AdjustableClock.manual(first - MINUTE);
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume(); // what the dry-run publishers "post" is not needed here
  const app = createApp({ loaded, dataDir, log: silentLogger(), clock, io: { input, output, interactive: false } });
  const roster = new Roster(loaded.config);
  const person = (handle: string): Person => roster.identify('shell', handle, handle);
  const lead = person(loaded.config.leads[0] ?? 'lead');
  for (const step of steps) {
    await clock.advanceTo(step.at);
    const what = `${step.do} at ${new Date(step.at).toISOString()}`;
    switch (step.do) {
      case 'start':
        unwrap(app.desk.start(step.version, lead), what);
        break;
      case 'advance':
        unwrap(await app.desk.advance(step.version, lead, step.force ?? null), what);
        break;
      case 'restart':
        unwrap(app.desk.restart(step.version, lead, step.reason), what);
        break;
      case 'answer':
        unwrap(app.desk.answer(step.version, person(step.who), step.answer, step.note ?? null), what);
        break;
      case 'ci':
        // SimulatedCi keeps its state in settings; the shell's `/ci fail` does the same.
        app.store.settings.set('simulated-ci', step.state);
        break;
    }
    await app.worker.idle();
  }
  await app.worker.idle();
  await app.stop();
  input.end();
}

// ---- putting it together ----------------------------------------------------------------------

export async function seedStore(options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const totalReleases = options.releases ?? 1000;
  const totalEvents = options.events ?? 100_000;
  const outboxReleases = options.outboxReleases ?? 200;
  const now = options.now ?? Date.now();
  const rand = new Rand(prng(options.seed ?? 20191209));
  const dataDir = resolve(options.dataDir);
  const dbPath = join(dataDir, 'stagehand.db');
  if (existsSync(dbPath)) throw new Error(`seed: ${dbPath} already exists; seed into an empty directory`);
  mkdirSync(dataDir, { recursive: true });

  const loaded = loadConfigFile(options.configFile ?? DEFAULT_CONFIG_FILE);
  const { config } = loaded;
  const policy = policyOf(config);
  const roster = new Roster(config);
  const lead = config.leads[0] ?? 'lead';
  const orgs = roster.testers.map((t) => ({ org: t.org, person: t.people[0] ?? t.org.toLowerCase() }));
  const templates = Templates.load(resolveFrom(loaded, config.templates.dir), resolveFrom(loaded, config.templates.checklist));
  const composer = new EffectComposer(templates, projectInfoOf(config));

  // 1. Plan the ended releases: one every ~4 days, the newest ending about three weeks ago.
  const endedCount = totalReleases - 2;
  const versions = versionPlan(rand, endedCount);
  const slot = 4 * DAY;
  const t0 = now - 17 * DAY - 45 * DAY - endedCount * slot;
  const rounds: TesterRoundPlan[] = [];
  // Versions only grow in plan order, so the newest released version below one is the last released before it.
  let lastReleased: Version | undefined;
  const plans: ReleasePlan[] = versions.map(({ version, outcome }, i) => {
    const previous = lastReleased;
    const lineage: Lineage = {
      base: version.patch > 0 && previous && sameLine(previous, version) ? formatVersion(previous) : config.project.defaultBranch,
      previousRelease: previous ? formatVersion(previous) : null,
    };
    const plan = planEndedRelease(rand, i, version, outcome, t0 + i * slot + rand.between(0, slot / 2), lineage, policy, lead, rounds);
    if (outcome === 'released') lastReleased = version;
    return plan;
  });
  const newest = versions[versions.length - 1]?.version ?? { major: 0, minor: 0, patch: 0 };
  const feature: Version = { major: newest.major, minor: newest.minor + 1, patch: 0 };
  const patch: Version = { major: newest.major, minor: newest.minor, patch: newest.patch + 1 };
  if (kindOf(patch) !== 'patch') throw new Error('seed: the active patch release must be a patch');
  const steps = activeScript(now, feature, patch);
  const activeEvents = steps.filter((s) => s.do !== 'ci').length;

  const transitionEvents: PlannedEvent[] = plans.flatMap((plan, i) =>
    plan.transitions.map((transition) => ({ at: transition.at, release: i, actor: transition.actor, ...describeTransition(transition) })),
  );
  const answerBudget = totalEvents - transitionEvents.length - activeEvents;
  if (answerBudget < 0) throw new Error(`seed: ${totalEvents} events are too few for ${totalReleases} releases`);
  const events = [...transitionEvents, ...planAnswers(rand, rounds, answerBudget, orgs)].sort((a, b) => a.at - b.at);

  // 2. Write the ended releases through the repositories, in large transactions.
  const store = Store.open(dbPath);
  try {
    const ids = store.transaction(() => plans.map((plan) => store.releases.insert(plan.final).id));
    store.transaction(() => {
      for (const e of events) {
        const releaseId = ids[e.release]!;
        if (e.answer) {
          store.answers.record({ releaseId, rc: e.answer.rc, stage: e.answer.stage }, { org: e.answer.org, person: e.actor, answer: e.answer.answer, note: e.reason, at: e.at });
        }
        store.events.append({ releaseId, at: e.at, actor: e.actor, kind: e.kind, summary: e.summary, reason: e.reason });
      }
    });
    // The posts of the most recent releases, as the desk commits them and the worker delivers them.
    store.transaction(() => {
      const effects = plans.slice(Math.max(0, plans.length - outboxReleases)).flatMap((plan, k) => {
        const releaseId = ids[plans.length - Math.min(outboxReleases, plans.length) + k]!;
        return plan.transitions.flatMap((transition, t) => {
          // The round a transition out of stage 2 or 3 closes (its poll-end post). The seeded posts are
          // delivered history, so their sign-off summary is left empty: no figure reads their text.
          const before = t > 0 ? plan.transitions[t - 1]!.release : null;
          const closingRound = before && (before.stage === 2 || before.stage === 3) ? { rc: before.rc, stage: before.stage, signoff: [] } : null;
          return composer
            .compose({
              release: transition.release,
              occurrence: transition.occurrence,
              actor: transition.actor,
              at: transition.at,
              testers: roster.testers,
              base: plan.lineage.base,
              previousRelease: plan.lineage.previousRelease,
              projectedRelease: projectStages(transition.release, transition.at, policy).find((s) => s.stage === 4)?.start ?? null,
              closingRound,
            })
            .map((draft) => ({ key: draft.key, releaseId, destination: draft.destination, target: '', payload: draft.payload, createdAt: transition.at }));
        });
      });
      effects.sort((a, b) => a.createdAt - b.createdAt);
      store.outbox.enqueue(effects);
      const pending = store.db.prepare<[], { id: number; key: string; destination: string; created_at: number; payload: string }>(
        "SELECT id, key, destination, created_at, payload FROM outbox WHERE status = 'pending' ORDER BY id",
      );
      for (const row of pending.all()) {
        const at = row.created_at + 2_000;
        if (row.destination !== 'blog') store.postLog.record(row.key, row.destination, '', at, describePayload(JSON.parse(row.payload)).join('\n'));
        store.outbox.markDelivered(row.id, at);
      }
    });
  } finally {
    store.close();
  }

  // 3. The active releases, through the real app.
  await seedActive(loaded, dataDir, steps);

  // 4. What was built.
  const db = new Database(dbPath, { readonly: true });
  try {
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    const active = db
      .prepare<[], { version: string; stage: number; rc: number; events: number }>(
        "SELECT version, stage, rc, (SELECT COUNT(*) FROM events e WHERE e.release_id = r.id) AS events FROM releases r WHERE status = 'active' ORDER BY major, minor, patch",
      )
      .all();
    return {
      dataDir,
      releases: count('SELECT COUNT(*) AS n FROM releases'),
      activeReleases: active,
      released: count("SELECT COUNT(*) AS n FROM releases WHERE status = 'released'"),
      aborted: count("SELECT COUNT(*) AS n FROM releases WHERE status = 'aborted'"),
      events: count('SELECT COUNT(*) AS n FROM events'),
      answers: count('SELECT COUNT(*) AS n FROM answers'),
      stageVisits: count('SELECT COUNT(*) AS n FROM stage_visits'),
      outboxRows: count('SELECT COUNT(*) AS n FROM outbox'),
      outboxDelivered: count("SELECT COUNT(*) AS n FROM outbox WHERE status = 'delivered'"),
      dryRunPosts: count('SELECT COUNT(*) AS n FROM post_log'),
      dbBytes: dirBytes(dataDir),
      seedMs: performance.now() - started,
    };
  } finally {
    db.close();
  }
}

function dirBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, entry) => sum + (entry.isDirectory() ? dirBytes(join(dir, entry.name)) : statSync(join(dir, entry.name)).size),
    0,
  );
}

export function describeSeed(s: SeedSummary): string[] {
  return [
    `data dir: ${s.dataDir} (${(s.dbBytes / 1024 / 1024).toFixed(1)} MB on disk), seeded in ${(s.seedMs / 1000).toFixed(1)} s`,
    `releases: ${s.releases} (${s.released} released, ${s.aborted} aborted, ${s.activeReleases.length} active: ${s.activeReleases
      .map((a) => `${a.version} rc${a.rc} stage ${a.stage}, ${a.events} events`)
      .join('; ')})`,
    `events: ${s.events}; tester answers: ${s.answers}; stage visits: ${s.stageVisits}; outbox rows: ${s.outboxRows} (${s.outboxDelivered} delivered); dry-run posts: ${s.dryRunPosts}`,
  ];
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      releases: { type: 'string' },
      events: { type: 'string' },
      'outbox-releases': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!values.data) {
    process.stderr.write('usage: node --import tsx bench/seed-store.ts --data DIR [--releases N] [--events N] [--outbox-releases N] [--json]\n');
    process.exit(2);
  }
  const summary = await seedStore({
    dataDir: values.data,
    ...(values.releases ? { releases: Number(values.releases) } : {}),
    ...(values.events ? { events: Number(values.events) } : {}),
    ...(values['outbox-releases'] ? { outboxReleases: Number(values['outbox-releases']) } : {}),
  });
  if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else process.stdout.write(`${describeSeed(summary).join('\n')}\n`);
}
