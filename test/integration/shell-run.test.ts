/**
 * Stagehand as a person runs it: `npm start` in a subprocess, a script piped into the local shell, and the
 * transcript on stdout. Each subprocess takes about a second.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TESTERS } from '../helpers/test-app.js';
import { npmStart, postLines, run, type RunResult } from '../helpers/run.js';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-run-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A shell script step: a command or a `/` shell line; `testers ok` expands to every tester answering ok. */
type Step = string;
const TESTERS_OK = 'testers ok';

/** Input lines for `steps`, with a `/who` marker after each so the transcript can be cut per step. */
function withMarkers(steps: readonly Step[]): string[] {
  return steps.flatMap((step) => {
    const lines = step === TESTERS_OK ? [...TESTERS.flatMap((name) => [`/as ${name}`, '!tested ok']), '/as lead'] : [step];
    return [...lines, '/who'];
  });
}

/** The transcript of each step (the `/who` marker lines removed). */
function cut(stdout: string, steps: readonly Step[]): string[] {
  const segments: string[] = [];
  let current: string[] = [];
  for (const line of stdout.split('\n')) {
    if (/^\(you are (?!now )/.test(line)) {
      segments.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  expect(segments, `one transcript segment per step; trailing output: ${current.join('\n')}`).toHaveLength(steps.length);
  expect(current.join('').trim()).toBe('');
  return segments;
}

interface Transcript {
  readonly result: RunResult;
  /** Transcript of a step by its text (the first step with that text). */
  readonly of: (step: Step) => string;
  /** Transcript of the n-th step with that text (0-based). */
  readonly nth: (step: Step, n: number) => string;
}

async function runScript(dataDir: string, steps: readonly Step[]): Promise<Transcript> {
  const result = await npmStart(['--data', dataDir], { input: withMarkers(steps) });
  // Nothing logged at warn or above; Node's own warnings (`(node:123) …`) are not the bot's.
  expect(result.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('(node:'))).toEqual([]);
  expect(result.code, `stdout:\n${result.stdout}`).toBe(0);
  const segments = cut(result.stdout, steps);
  const nth = (step: Step, n: number): string => {
    const indexes = steps.flatMap((s, i) => (s === step ? [i] : []));
    const index = indexes[n];
    if (index === undefined) throw new Error(`no step ${n} ${JSON.stringify(step)}`);
    return segments[index] ?? '';
  };
  return { result, of: (step) => nth(step, 0), nth };
}

/** The destinations posted to in a transcript, in order. */
const destinations = (text: string): string[] => postLines(text).map((l) => /^\[([a-z]+)/.exec(l)?.[1] ?? '?');
const sorted = (items: readonly string[]): string[] => [...items].sort();

/** Each post with its continuation lines, as one string. */
function postBlocks(stdout: string): string[] {
  const blocks: string[] = [];
  let current: string[] | null = null;
  for (const line of stdout.split('\n')) {
    if (postLines(line).length === 1) {
      if (current) blocks.push(current.join('\n'));
      current = [line];
    } else if (current && line.startsWith('  ')) {
      current.push(line);
    } else if (current) {
      blocks.push(current.join('\n'));
      current = null;
    }
  }
  if (current) blocks.push(current.join('\n'));
  return blocks;
}

const count = (text: string, pattern: RegExp): number => text.split('\n').filter((l) => pattern.test(l)).length;

describe('a feature release, then a patch release, through the local shell', () => {
  const FEATURE: Step[] = [
    '!release new v0.5.0',
    '!release advance', // → 1
    '!release advance', // → 2
    '/as infura',
    '!tested ok',
    '/as lead',
    '!release restart fix for the bitswap CPU regression merged',
    '!release advance', // rc2 → 1
    '!release advance', // rc2 → 2
    TESTERS_OK,
    '!release advance', // → 3
    TESTERS_OK,
    '!release advance', // → 4
    '!release status',
  ];
  const PATCH: Step[] = [
    '!release new v0.5.1',
    '/as guest',
    '!release advance',
    '/as lead',
    '!release new 0.5',
    '!release new v0.5.0-rc1',
    '!release new v０.６.０',
    '!release new v0.4.0',
    '!release advance', // → 1
    '!release advance', // → 3
    TESTERS_OK,
    '!release advance', // → 4
    '!release history v0.5.1',
  ];
  let dataDir: string;
  let feature: Transcript;
  let patch: Transcript;

  beforeAll(async () => {
    dataDir = tempDir();
    feature = await runScript(dataDir, FEATURE);
    patch = await runScript(dataDir, PATCH);
  });

  it('starts with the release branch, the rc1 pre-release and the release issue on GitHub only', () => {
    const started = feature.of('!release new v0.5.0');
    expect(started).toContain('Started v0.5.0, a feature release: v0.5.0-rc1 is at stage 0 (automated testing).');
    expect(postLines(started)).toEqual([
      '[github] create branch release-v0.5.0 from master (unless it exists)',
      '[github] create pre-release v0.5.0-rc1 on release-v0.5.0: "go-ipfs v0.5.0-rc1"',
      '[github] open issue "Release v0.5.0" labelled release',
    ]);
  });

  it('posts only to GitHub at stage 1', () => {
    for (const n of [0, 2]) {
      const step = feature.nth('!release advance', n);
      expect(step).toMatch(/v0\.5\.0-rc[12] is now at stage 1 \(internal testing\)\./);
      expect(destinations(step)).toEqual(['github']);
    }
  });

  it('announces dev testing on Matrix and IRC, not Twitter, at stage 2, for the current RC', () => {
    for (const [n, rc] of [[1, 'rc1'], [3, 'rc2']] as const) {
      const step = feature.nth('!release advance', n);
      expect(step).toContain(`v0.5.0-${rc} is now at stage 2 (community dev testing).`);
      // The announcement, and the poll in the testers' rooms.
      expect(sorted(destinations(step))).toEqual(['github', 'irc', 'irc', 'matrix', 'matrix']);
      expect(postLines(step)).toContain(`[matrix testers room] poll: go-ipfs v0.5.0-${rc}, dev testing: have you deployed it to your dev environment?`);
      const matrix = postLines(step).find((l) => l.startsWith('[matrix]')) ?? '';
      expect(matrix).toContain(`go-ipfs v0.5.0-${rc} is ready for community dev testing`);
      expect(matrix).toContain('Infura, Textile, Pinata, RTrade, QRI, Siderus');
    }
  });

  it('cuts rc2 on a restart, with its own pre-release, and asks the testers again', () => {
    const restarted = feature.of('!release restart fix for the bitswap CPU regression merged');
    expect(restarted).toContain('Cut v0.5.0-rc2: back at stage 0.');
    // Testers had rc1 in hand (stage 2): Matrix and IRC tell them to stop; GitHub gets the rc2 pre-release.
    const stop = 'go-ipfs v0.5.0: a fix was merged, so release candidate v0.5.0-rc1 is replaced by v0.5.0-rc2 (fix for the bitswap CPU regression merged). Please stop testing v0.5.0-rc1;';
    // The rc1 poll is closed with its results (Infura answered ok on rc1).
    const closed = 'Poll closed for v0.5.0-rc1 (dev testing): ok: 1, problem: 0, skip: 0, no answer: 5 — Infura: ok (infura), Textile: no answer';
    const polls = postLines(restarted).filter((l) => l.includes('testers room]'));
    expect(polls).toEqual([expect.stringContaining(`[matrix testers room] ${closed}`), expect.stringContaining(`[irc testers room] ${closed}`)]);
    // Each destination delivers in its own lane: the order across destinations is not fixed.
    const others = postLines(restarted).filter((l) => !polls.includes(l));
    expect(others).toHaveLength(4);
    expect(others).toEqual(expect.arrayContaining([
      expect.stringContaining(`[matrix] ${stop}`),
      expect.stringContaining(`[irc] ${stop}`),
      '[github] create pre-release v0.5.0-rc2 on release-v0.5.0: "go-ipfs v0.5.0-rc2"',
      '[github] comment on "Release v0.5.0":',
    ]));
    expect(restarted).toContain('fix for the bitswap CPU regression merged');
    // Infura's rc1 answer does not count for rc2: the first rc2 answers start from nothing.
    const firstRc2Answers = feature.nth(TESTERS_OK, 0);
    expect(firstRc2Answers).toContain('Recorded for Infura: deployed, no problems on v0.5.0-rc2 (dev).');
    expect(firstRc2Answers).toContain('Gate: closed — waiting for Textile, Pinata, RTrade, QRI, Siderus.');
    expect(firstRc2Answers).toContain('Gate: open.');
    expect(postLines(firstRc2Answers)).toEqual([]);
  });

  it('announces production testing on Matrix, IRC and Twitter at stage 3', () => {
    const step = feature.nth('!release advance', 4);
    expect(step).toContain('v0.5.0-rc2 is now at stage 3 (community prod testing).');
    // The dev poll closes, the prod poll opens.
    expect(sorted(destinations(step))).toEqual(['github', 'irc', 'irc', 'irc', 'matrix', 'matrix', 'matrix', 'twitter']);
    expect(postLines(step)).toContain('[matrix testers room] poll: go-ipfs v0.5.0-rc2, prod testing: have you deployed it to your production (part of it)?');
    expect(postLines(step).find((l) => l.startsWith('[twitter]'))).toContain('v0.5.0-rc2 is a release candidate ready for production testing');
  });

  it('releases at stage 4: chat, Twitter, the GitHub release and a blog draft', () => {
    const step = feature.nth('!release advance', 5);
    expect(step).toContain('Released v0.5.0 (from v0.5.0-rc2).');
    expect(sorted(destinations(step))).toEqual(['blog', 'github', 'github', 'irc', 'irc', 'matrix', 'matrix', 'twitter']);
    expect(postLines(step)).toContainEqual(expect.stringMatching(/^\[matrix testers room\] Poll closed for v0\.5\.0-rc2 \(prod testing\): ok: 6, problem: 0/));
    const posts = postLines(step);
    expect(posts).toContain('[github] publish release v0.5.0 (not a pre-release) on release-v0.5.0: "go-ipfs v0.5.0"');
    expect(posts).toContain('[matrix] go-ipfs v0.5.0 is released! Thank you to everyone who tested the release candidates. https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0');
    expect(posts).toContain('[twitter] go-ipfs v0.5.0 is out! https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0');
    // The release is published before its issue is closed.
    const github = posts.filter((p) => p.startsWith('[github]'));
    expect(github).toEqual(['[github] publish release v0.5.0 (not a pre-release) on release-v0.5.0: "go-ipfs v0.5.0"', '[github] comment on "Release v0.5.0":']);
    expect(step).toContain('  close the issue');
    expect(readFileSync(join(dataDir, 'blog', 'v0.5.0.md'), 'utf8')).toContain('go-ipfs v0.5.0 is now available');
    expect(feature.of('!release status')).toMatch(/^No release is active\..*\nLast: v0\.5\.0 — feature release, released on \d{4}-\d\d-\d\d \(last RC rc2\)$/);
  });

  it('posts nothing while testers answer, tweets exactly twice, and cuts one pre-release per RC', () => {
    for (const n of [0, 1]) expect(postLines(feature.nth(TESTERS_OK, n))).toEqual([]);
    const all = feature.result.stdout;
    expect(count(all, /^\[twitter\]/)).toBe(2);
    expect(postLines(all).filter((l) => l.includes('create pre-release'))).toEqual([
      '[github] create pre-release v0.5.0-rc1 on release-v0.5.0: "go-ipfs v0.5.0-rc1"',
      '[github] create pre-release v0.5.0-rc2 on release-v0.5.0: "go-ipfs v0.5.0-rc2"',
    ]);
    expect(count(all, /^\[github\] open issue/)).toBe(1);
    expect(count(all, /^\[github\] create branch/)).toBe(1);
    expect(count(all, /^\[blog\]/)).toBe(1);
  });

  it('takes a patch release from the last release through 0 → 1 → 3 → 4, with no dev-testing announcement', () => {
    const started = patch.of('!release new v0.5.1');
    expect(started).toContain('Started v0.5.1, a patch release');
    expect(postLines(started)).toContain('[github] create branch release-v0.5.1 from v0.5.0 (unless it exists)');
    expect(patch.nth('!release advance', 1)).toContain('v0.5.1-rc1 is now at stage 1 (internal testing).');
    const toProd = patch.nth('!release advance', 2);
    expect(toProd).toContain('v0.5.1-rc1 is now at stage 3 (community prod testing).');
    expect(sorted(destinations(toProd))).toEqual(['github', 'irc', 'irc', 'matrix', 'matrix', 'twitter']);
    expect(patch.nth('!release advance', 3)).toContain('Released v0.5.1 (from v0.5.1-rc1).');

    const all = patch.result.stdout;
    expect(all).not.toContain('stage 2 (community dev testing)');
    expect(all).not.toContain('ready for community dev testing');
    // The prod-testing announcement must not claim a dev-testing round the patch never had.
    expect(all).not.toContain('passed dev testing');
    expect(all).not.toMatch(/dev testing of v0\.5\.1/);
    const moves = patch
      .of('!release history v0.5.1')
      .split('\n')
      .flatMap((l) => /(moved v0\.5\.1-rc1 from stage \d to stage \d|released v0\.5\.1)/.exec(l)?.[1] ?? []);
    expect(moves).toEqual(['moved v0.5.1-rc1 from stage 0 to stage 1', 'moved v0.5.1-rc1 from stage 1 to stage 3', 'released v0.5.1']);
  });

  it('refuses a guest, malformed versions and a version below the latest release, posting nothing', () => {
    const guest = patch.nth('!release advance', 0);
    expect(guest).toContain('!release advance is for a release lead; guest is not one. Nothing was changed.');
    expect(patch.of('!release new 0.5')).toContain('"0.5" is not a release version. Expected MAJOR.MINOR.PATCH such as v0.5.0');
    expect(patch.of('!release new v0.5.0-rc1')).toContain('"v0.5.0-rc1" is a release candidate tag; give the release version (such as v0.5.0)');
    expect(patch.of('!release new v０.６.０')).toContain('is not a release version: it contains characters other than ASCII digits');
    expect(patch.of('!release new v0.4.0')).toContain('v0.4.0 is below v0.5.0, the latest release');
    for (const step of ['!release new 0.5', '!release new v0.5.0-rc1', '!release new v０.６.０']) {
      expect(patch.of(step).split('\n'), step).toContain('Usage: !release new <version> [--process <full|patch>]');
    }
    for (const step of [guest, ...['!release new 0.5', '!release new v0.5.0-rc1', '!release new v０.６.０', '!release new v0.4.0'].map(patch.of)]) {
      expect(postLines(step)).toEqual([]);
    }
    expect(patch.result.stdout).not.toMatch(/Started v0\.(4\.0|6\.0)/);
  });
});

describe('state survives a restart of the bot', () => {
  it('resumes at stage 2 and continues, without posting anything from the first run again', async () => {
    const dataDir = tempDir();
    const first = await runScript(dataDir, ['!release new v0.5.0', '/ci fail', '!release advance', '/ci pass', '!release advance', '!release advance']);
    expect(first.of('/ci fail')).toBe('(simulated CI is now fail)');
    expect(first.nth('!release advance', 0)).toContain('v0.5.0 cannot leave stage 0 (automated testing) yet: CI is failing on release-v0.5.0');
    expect(postLines(first.nth('!release advance', 0))).toEqual([]);
    const firstPosts = postBlocks(first.result.stdout);
    expect(firstPosts).toHaveLength(3 + 1 + 3 + 2);

    const second = await runScript(dataDir, ['!release status', '!testers', TESTERS_OK, '!release advance']);
    expect(second.of('!release status')).toMatch(/^v0\.5\.0-rc1 — feature release, stage 2 \(community dev testing\)/);
    expect(second.of('!testers')).toContain("Early testers' sign-off for v0.5.0-rc1, now in dev testing (stage 2):");
    expect(second.of('!release advance')).toContain('v0.5.0-rc1 is now at stage 3 (community prod testing).');

    const secondPosts = postBlocks(second.result.stdout);
    expect(sorted(secondPosts.map((b) => b.slice(1, b.indexOf(']'))))).toEqual([
      'github', 'irc', 'irc testers room', 'irc testers room', 'matrix', 'matrix testers room', 'matrix testers room', 'twitter',
    ]);
    for (const post of firstPosts) expect(secondPosts).not.toContain(post);
    expect(postLines(second.of('!release status'))).toEqual([]);
  });
});

describe('a crash between committing a change and delivering its posts', () => {
  const crashRun = (dataDir: string, mode: 'before-post' | 'after-post'): Promise<RunResult> =>
    run(process.execPath, ['--import', 'tsx', 'test/helpers/crash-run.ts', dataDir, mode]);

  const BRANCH = '[github] create branch release-v0.5.0 from master (unless it exists)';
  const PRERELEASE = '[github] create pre-release v0.5.0-rc1 on release-v0.5.0: "go-ipfs v0.5.0-rc1"';
  const ISSUE = '[github] open issue "Release v0.5.0" labelled release';

  it('killed before posting: the next start posts all three, once', async () => {
    const dataDir = tempDir();
    const crashed = await crashRun(dataDir, 'before-post');
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    expect(postLines(crashed.stdout)).toEqual([]);

    const resumed = await runScript(dataDir, ['!release status']);
    expect(postLines(resumed.result.stdout)).toEqual([BRANCH, PRERELEASE, ISSUE]);
    expect(resumed.of('!release status')).toMatch(/v0\.5\.0-rc1 — feature release, stage 0 \(automated testing\)/);
    expect(existsSync(join(dataDir, 'stagehand.db'))).toBe(true);
  });

  it('killed after posting the branch but before recording it: the next start does not post it again', async () => {
    const dataDir = tempDir();
    const crashed = await crashRun(dataDir, 'after-post');
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    expect(postLines(crashed.stdout)).toEqual([BRANCH]);

    const resumed = await runScript(dataDir, ['!release status']);
    expect(postLines(resumed.result.stdout)).toEqual([PRERELEASE, ISSUE]);
    expect(resumed.of('!release status')).toMatch(/v0\.5\.0-rc1 — feature release, stage 0 \(automated testing\)/);

    // And a third start has nothing left to deliver.
    const again = await runScript(dataDir, ['!release status']);
    expect(postLines(again.result.stdout)).toEqual([]);
  });
});
