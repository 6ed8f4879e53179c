/**
 * SIGKILL at 100 random points of a scripted feature release with a restart. The real app runs as a child
 * process (test/faults/kill-driver.ts) on one data directory; the fake GitHub and X servers run here and
 * record every request across the kills. Each life is killed either at a random checkpoint it counts (a
 * store write, most inside a transaction; before a post; between a post and its record), at a write of a
 * schedule slot (a claim, a reminder), or by this process after a random number of milliseconds; the next
 * life resumes the script from the stored state, its clock a random downtime later (a few minutes: the slot
 * it died in is caught up at once; up to three hours: later, marked late). The script takes a step a day,
 * so the weekday 09:00 digest runs between steps: every digest due while the release ran is counted, lost
 * (never recorded as posted) or doubled (printed twice, or under two keys).
 *
 * FAULTS_SEED=<n> replays a run; FAULTS_KILLS=<n> changes the number of kills (default 100).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApi } from '../fakes/openapi.js';
import { startLiveFakes, type LiveFakes } from '../helpers/live-fakes.js';
import { prng } from '../helpers/prng.js';

const KILLS = Number(process.env['FAULTS_KILLS'] ?? 100);
const SEED = Number(process.env['FAULTS_SEED'] ?? Date.now() % 2 ** 31);
const DRIVER = join(process.cwd(), 'node_modules/.cache/stagehand-faults/kill-driver.mjs');
/**
 * A clean life passes about 370 checkpoints; a kill at most a third of the way in lets each release die
 * several times. A timed kill falls between 0.4 s (still starting: about 0.8 s) and 1.8 s (a clean life).
 */
const MAX_KILL_AT = 120;
const TIMED_KILL_MS = [400, 1_800] as const;
/** A slot kill dies at one of the first writes of schedule slots in its life (a digest is three: claim, Matrix, IRC). */
const MAX_SLOT_KILL_AT = 8;
/** Downtime before a life: half the time a quick restart (within the old five-minute lease), else up to three hours. */
const QUICK_RESTART_MS = 5 * 60_000;
const LONG_RESTART_MS = 3 * 3_600_000;

interface Ack {
  readonly command: string;
  readonly as: string;
  readonly expect: string;
}
interface Life {
  readonly acks: Ack[];
  /** The digests' first lines as printed (SHOWN). */
  readonly shown: string[];
  readonly kill: { where: string; inTransaction: boolean } | null;
  readonly done: boolean;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function live(dataDir: string, configFile: string, killAt: string, downMs: number, killAfterMs: number | null): Promise<Life> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DRIVER, dataDir, configFile, killAt, String(downMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (_code, signal) => {
      if (timer) clearTimeout(timer);
      const lines = out.split('\n');
      const acks = lines.filter((l) => l.startsWith('ACK ')).map((l) => JSON.parse(l.slice(4)) as Ack);
      const killLine = lines.find((l) => l.startsWith('KILL '));
      resolve({
        acks,
        shown: lines.filter((l) => l.startsWith('SHOWN ')).map((l) => l.slice(6)),
        kill: killLine ? (JSON.parse(killLine.slice(5)) as Life['kill']) : null,
        done: lines.includes('DONE'),
        signal,
        stderr,
      });
    });
  });
}

let api: OpenApi;
const dirs: string[] = [];

beforeAll(async () => {
  api = OpenApi.github();
  mkdirSync(join(process.cwd(), 'node_modules/.cache/stagehand-faults'), { recursive: true });
  // One bundled file, libraries included (only the native SQLite binding is loaded from node_modules): a
  // hundred node starts without a TypeScript loader or a thousand module look-ups each (about half the time).
  await build({
    entryPoints: ['test/faults/kill-driver.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['better-sqlite3'],
    target: 'node20',
    outfile: DRIVER,
    logLevel: 'warning',
    // Bundled CommonJS libraries call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Tally {
  kills: number;
  inTransaction: number;
  betweenPostAndRecord: number;
  beforePost: number;
  byTimer: number;
  atSlot: number;
  acks: number;
  lives: number;
  releases: number;
  digests: DigestCount;
}

interface DigestCount {
  /** Weekday 09:00 slots while a release ran: each must be posted once. */
  slots: number;
  lost: number;
  doubled: number;
  /** Posted after a restart, marked late. */
  late: number;
}

/** One release on a fresh data directory and fresh fakes, killed until it is done (or the budget is spent). */
async function oneRelease(random: () => number, budget: number, tally: Tally): Promise<void> {
  const fakes: LiveFakes = await startLiveFakes(api);
  const dataDir = mkdtempSync(join(tmpdir(), 'stagehand-kill-'));
  dirs.push(dataDir);
  try {
    fakes.github.commit('master', 'core: faster bitswap (#6001)', { title: 'core: faster bitswap', user: 'alice' });
    // CI is green on master's head, which the release branch starts from (and rc2 is cut on).
    fakes.github.setStatus('master', 'ci/circleci', 'success');
    fakes.github.setCheckRun('master', 'build', 'completed', 'success');
    const acks: Ack[] = [];
    const shown: string[] = [];
    let kills = 0;
    for (let lives = 0; ; lives++) {
      expect(lives, 'the release never finished').toBeLessThan(400);
      const killing = kills < budget;
      const byTimer = killing && random() < 0.3;
      const atSlot = killing && !byTimer && random() < 0.4;
      const killAt = !killing || byTimer ? '0' : atSlot ? `slot:${1 + Math.floor(random() * MAX_SLOT_KILL_AT)}` : String(1 + Math.floor(random() * MAX_KILL_AT));
      const downMs = lives === 0 ? 0 : random() < 0.5 ? Math.floor(random() * QUICK_RESTART_MS) : Math.floor(random() * LONG_RESTART_MS);
      const life = await live(dataDir, fakes.configFile, killAt, downMs, byTimer ? TIMED_KILL_MS[0] + Math.floor(random() * (TIMED_KILL_MS[1] - TIMED_KILL_MS[0])) : null);
      tally.lives++;
      acks.push(...life.acks);
      shown.push(...life.shown);
      if (life.signal === 'SIGKILL') {
        kills++;
        tally.kills++;
        if (life.kill === null) tally.byTimer++;
        else if (life.kill.where === 'schedule slot write') tally.atSlot++;
        else if (life.kill.inTransaction) tally.inTransaction++;
        else if (life.kill.where.startsWith('between')) tally.betweenPostAndRecord++;
        else if (life.kill.where.startsWith('before')) tally.beforePost++;
        continue;
      }
      expect(life.signal, life.stderr).toBeNull();
      expect(life.done, life.stderr).toBe(true);
      break;
    }
    tally.acks += acks.length;
    tally.releases++;
    countDigests(dataDir, shown, tally.digests);
    expectOnce(fakes, dataDir, acks);
  } finally {
    await fakes.close();
  }
}

const deliveries: Record<string, number> = {};

/**
 * Every weekday 09:00 UTC digest due while the release ran (created ≤ slot < released), against what the
 * store recorded as posted (the dry-run stand-ins' post log: their delivery) and what they printed.
 */
function countDigests(dataDir: string, shown: readonly string[], count: DigestCount): void {
  const db = new Database(join(dataDir, 'stagehand.db'), { readonly: true });
  try {
    const release = db.prepare('SELECT created_at, ended_at FROM releases').get() as { created_at: number; ended_at: number };
    const posted = db.prepare("SELECT key, destination, text FROM post_log WHERE key LIKE 'remind:digest:%'").all() as { key: string; destination: string; text: string }[];
    const keysOf = new Map<string, Set<string>>();
    for (const p of posted) {
      const slot = /^remind:digest:all:(\d{4}-\d\d-\d\dT\d\d:\d\d):/.exec(p.key)?.[1] ?? `unreadable key ${p.key}`;
      const day = `${p.destination} ${slot.slice(0, 10)}`;
      keysOf.set(day, (keysOf.get(day) ?? new Set()).add(p.key));
      if (p.text.includes('(Late: due ')) count.late++;
    }
    const DAY_MS = 86_400_000;
    for (let day = Math.floor(release.created_at / DAY_MS) * DAY_MS; day < release.ended_at; day += DAY_MS) {
      const slot = day + 9 * 3_600_000;
      const weekday = new Date(slot).getUTCDay();
      if (slot < release.created_at || slot >= release.ended_at || weekday === 0 || weekday === 6) continue;
      count.slots++;
      const date = new Date(slot).toISOString().slice(0, 10);
      if (!keysOf.has(`matrix ${date}`) || !keysOf.has(`irc ${date}`)) count.lost++;
    }
    // Doubled: one day's digest under two keys, or printed twice on one network.
    for (const keys of keysOf.values()) count.doubled += keys.size - 1;
    const printed = new Map<string, number>();
    for (const line of shown) {
      const match = /^\[(matrix|irc)\b.*Daily digest, (\d{4}-\d\d-\d\d):/.exec(line);
      const day = match ? `${match[1]} ${match[2]}` : line;
      printed.set(day, (printed.get(day) ?? 0) + 1);
    }
    for (const n of printed.values()) count.doubled += n - 1;
  } finally {
    db.close();
  }
}

function expectOnce(fakes: LiveFakes, dataDir: string, acks: readonly Ack[]): void {
  const { github, twitter } = fakes;
  expect(fakes.rejections()).toEqual([]);
  expect(github.branches().sort()).toEqual(['master', 'release-v0.5.0']);
  expect(github.releases.map((r) => [r.tag_name, r.prerelease])).toEqual([
    ['v0.5.0-rc1', true],
    ['v0.5.0-rc2', true],
    ['v0.5.0', false],
  ]);
  expect(github.issues).toHaveLength(1);
  const issue = github.issues[0]!;
  expect(issue.state).toBe('closed');
  // One comment per stage change: rc1 1, 2, 3; the restart; rc2 1, 2, 3, 4.
  const markers = issue.comments.map((c) => /<!-- stagehand:(.+) -->/.exec(c.body)?.[1]);
  expect(markers).toHaveLength(8);
  expect(new Set(markers).size).toBe(8);
  expect(twitter.posts.map((p) => p.text)).toHaveLength(new Set(twitter.posts.map((p) => p.text)).size);
  expect(twitter.posts).toHaveLength(3);
  expect(readdirSync(join(dataDir, 'blog')).filter((f) => !f.endsWith('.tmp'))).toHaveLength(1);

  const db = new Database(join(dataDir, 'stagehand.db'), { readonly: true });
  try {
    const release = db.prepare('SELECT * FROM releases').all() as { version: string; rc: number; stage: number; status: string }[];
    expect(release.map((r) => [r.version, r.rc, r.stage, r.status])).toEqual([['v0.5.0', 2, 4, 'released']]);
    // The history in order, each transition once.
    const events = db.prepare('SELECT kind, summary FROM events ORDER BY id').all() as { kind: string; summary: string }[];
    const transitions = events.filter((e) => e.kind !== 'answer').map((e) => `${e.kind}: ${e.summary}`);
    expect(new Set(transitions).size, transitions.join('\n')).toBe(transitions.length);
    const visits = db.prepare('SELECT rc, stage FROM stage_visits ORDER BY seq').all() as { rc: number; stage: number }[];
    expect(visits.map((v) => `rc${v.rc} stage ${v.stage}`)).toEqual([
      'rc1 stage 0', 'rc1 stage 1', 'rc1 stage 2', 'rc1 stage 3',
      'rc2 stage 0', 'rc2 stage 1', 'rc2 stage 2', 'rc2 stage 3', 'rc2 stage 4',
    ]);
    // Nothing acknowledged was lost.
    const answers = db.prepare('SELECT person, rc, stage FROM answers').all() as { person: string; rc: number; stage: number }[];
    const answered = new Set(answers.map((a) => `answer ${a.person} rc${a.rc} stage ${a.stage}`));
    const visited = new Set(visits.map((v) => `rc${v.rc} stage ${v.stage}`));
    for (const ack of acks) expect(ack.expect.startsWith('answer') ? answered : visited, JSON.stringify(ack)).toContain(ack.expect);
    // One answer per tester and round: an acknowledged answer is never asked again.
    expect(answers).toHaveLength(new Set(answers.map((a) => `${a.person} ${a.rc} ${a.stage}`)).size);
    // Every effect delivered, each chat post once.
    const outbox = db.prepare('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all() as { status: string; n: number }[];
    expect(outbox.map((o) => o.status)).toEqual(['delivered']);
    const posted = db.prepare('SELECT destination, key FROM post_log').all() as { destination: string; key: string }[];
    const expectedPosts = db.prepare("SELECT key FROM outbox WHERE destination IN ('matrix', 'irc')").all() as { key: string }[];
    expect(posted.map((p) => p.key).sort()).toEqual(expectedPosts.map((p) => p.key).sort());
    const count = (name: string, n: number): void => void (deliveries[name] = (deliveries[name] ?? 0) + n);
    for (const p of posted) count(p.destination, 1);
    count('blog', 1);
    count('github requests accepted', github.http.requests.filter((r) => / 2\d\d$/.test(r) && !r.startsWith('GET')).length);
    count('github releases', github.releases.length);
    count('github issue comments', issue.comments.length);
    count('x posts', twitter.posts.length);
  } finally {
    db.close();
  }
}

describe('SIGKILL at random points of a feature release with a restart', () => {
  it(`loses nothing committed and delivers every effect exactly once (${KILLS} kills)`, async () => {
    process.stdout.write(`faults: seed ${SEED} (FAULTS_SEED=${SEED} replays it)\n`);
    const random = prng(SEED);
    const started = Date.now();
    const tally: Tally = {
      kills: 0,
      inTransaction: 0,
      betweenPostAndRecord: 0,
      beforePost: 0,
      byTimer: 0,
      atSlot: 0,
      acks: 0,
      lives: 0,
      releases: 0,
      digests: { slots: 0, lost: 0, doubled: 0, late: 0 },
    };
    while (tally.kills < KILLS || tally.releases === 0) await oneRelease(random, KILLS - tally.kills, tally);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      [
        `faults: ${tally.kills} SIGKILLs over ${tally.releases} releases (${tally.lives} process lives) in ${seconds} s, seed ${SEED}`,
        `  killed inside a transaction: ${tally.inTransaction}; at a schedule slot's write: ${tally.atSlot}; between a post and its record: ${tally.betweenPostAndRecord}; before a post: ${tally.beforePost}; at a random time: ${tally.byTimer}; at a write outside a transaction: ${tally.kills - tally.inTransaction - tally.atSlot - tally.betweenPostAndRecord - tally.beforePost - tally.byTimer}`,
        `  commands acknowledged: ${tally.acks}, all in the history`,
        `  delivered: ${Object.entries(deliveries).map(([k, v]) => `${k} ${v}`).join(', ')}`,
        `  duplicates found: 0`,
        `  daily digests: ${tally.digests.slots} slots, lost ${tally.digests.lost}, doubled ${tally.digests.doubled} (${tally.digests.late} sent late after a restart)`,
        '',
      ].join('\n'),
    );
    expect(tally.digests).toMatchObject({ lost: 0, doubled: 0 });
    expect(tally.kills).toBe(KILLS);
    expect(existsSync(DRIVER)).toBe(true);
  });
});
