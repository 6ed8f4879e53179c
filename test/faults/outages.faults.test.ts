/**
 * GitHub and X failing for ten minutes of the manual clock: first a server that accepts and never answers
 * (the request deadline gives it up), then 500s, then 429 bursts with Retry-After / x-rate-limit-reset.
 * The posts wait and are retried with backoff, are delivered exactly once when the service returns, and
 * the leads hear of each outage once, and once more when it is over. No real sleeps: the clock moves.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MINUTE } from '../../src/ground/clock.js';
import type { FakeReply, FakeRequest } from '../fakes/fake-http.js';
import { OpenApi } from '../fakes/openapi.js';
import { startLiveFakes, type LiveFakes } from '../helpers/live-fakes.js';
import { ciGreen, drain, expectOneCleanRelease } from '../helpers/live-release.js';
import { createTestApp, TESTERS, type TestApp } from '../helpers/test-app.js';

let api: OpenApi;
let fakes: LiveFakes;
let t: TestApp;

beforeAll(() => {
  api = OpenApi.github();
});

beforeEach(async () => {
  // Only the request deadlines run on these timers; the app's own time is the manual clock.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  fakes = await startLiveFakes(api);
  fakes.github.commit('master', 'core: faster bitswap (#6001)', { title: 'core: faster bitswap', user: 'alice' });
  t = createTestApp({ configFile: fakes.configFile });
});

afterEach(async () => {
  await t.close();
  await fakes.close();
  vi.useRealTimers();
});

/** The default request deadline (github/twitter requestTimeoutSeconds: 30). */
const DEADLINE_MS = 30_000;

type Outage = (request: FakeRequest) => FakeReply | 'hang' | null;

/** Down from now for ten minutes: 1 min never answering, 3 min of 500s (503 for X), 6 min of 429 bursts. */
function tenMinutesDown(service: 'github' | 'twitter'): { outage: Outage; upAt: number } {
  const from = t.clock.now();
  const upAt = from + 10 * MINUTE;
  const outage: Outage = (): FakeReply | 'hang' | null => {
    const now = t.clock.now();
    if (now >= upAt) return null;
    if (now < from + MINUTE) return 'hang';
    if (now < from + 4 * MINUTE) {
      return service === 'github'
        ? { status: 500, body: { message: 'Server Error' } }
        : { status: 503, body: { title: 'Service Unavailable', type: 'about:blank', status: 503, detail: 'Service Unavailable' } };
    }
    const resetAt = Math.ceil(now / 1000) + 60;
    if (service === 'github') return { status: 429, headers: { 'retry-after': '60' }, body: { message: 'You have exceeded a secondary rate limit' } };
    return {
      status: 429,
      headers: { 'x-rate-limit-limit': '200', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetAt) },
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
    };
  };
  return { outage, upAt };
}

/** A command, without waiting for its posts (a held request would hold the wait until the clock moves). */
async function command(text: string, as = 'lead'): Promise<void> {
  const reply = await t.app.dispatcher.handle(text, t.person(as));
  expect(reply?.tone, JSON.stringify(reply)).toBe('ok');
}

/**
 * Wait for `work` (a clock advance, the worker going idle); whenever a fake holds a request unanswered,
 * move the (faked) request-deadline timers past the deadline so the client gives it up.
 */
async function settle(work: Promise<void>): Promise<void> {
  let finished = false;
  const done = work.then(() => {
    finished = true;
  });
  while (!finished) {
    await Promise.race([done, fakes.github.http.holding(), fakes.twitter.http.holding()]);
    if (!finished) await vi.advanceTimersByTimeAsync(DEADLINE_MS);
  }
}

/** Move the clock in steps until `until`, letting the worker finish what each step made due. */
async function runUntil(until: number, stepMs = 5_000): Promise<void> {
  await settle(t.app.worker.idle());
  while (t.clock.now() < until) await settle(t.clock.advanceBy(stepMs).then(() => t.app.worker.idle()));
}

function noticesFor(prefix: string): string[] {
  const rows = t.app.store.db.prepare("SELECT key, payload FROM outbox WHERE key LIKE ? || '%' AND destination = 'matrix'").all(prefix) as { payload: string }[];
  return rows.map((r) => (JSON.parse(r.payload) as { text: string }).text);
}

describe('GitHub and X down for ten minutes of the clock', () => {
  it('posts wait, are retried and delivered once; the leads are told once per outage and once it is over', async () => {
    // GitHub is down when the release starts: the branch, the pre-release and the issue wait.
    const github = tenMinutesDown('github');
    fakes.github.http.outage = github.outage;
    await command('!release new v0.5.0');
    await runUntil(github.upAt - 5_000);
    expect(fakes.github.branches()).toEqual(['master']);
    expect(fakes.github.releases).toEqual([]);
    const requests = fakes.github.http.requests.join('\n');
    expect(requests).toMatch(/ hang$/m);
    expect(requests).toMatch(/ 500$/m);
    expect(requests).toMatch(/ 429$/m);
    const githubDelay = noticesFor('delay:github:');
    expect(githubDelay).toHaveLength(1);
    expect(githubDelay[0]).toMatch(/^GitHub has not taken posts for \d+m \(.+\): 3 posts waiting \(create-branch for v0\.5\.0; create-prerelease for v0\.5\.0; open-issue for v0\.5\.0\)\. Retrying on its own, next at .+; nothing to do yet\.$/);
    expect(t.app.desk.deliveryProblems().map((p) => p.status)).toEqual(['pending']);

    // It returns: each post goes out once (the backoff's next try is at most 15 minutes away).
    await runUntil(github.upAt + 16 * MINUTE, 30_000);
    expect(fakes.github.branches().sort()).toEqual(['master', 'release-v0.5.0']);
    expect(fakes.github.releases.map((r) => r.tag_name)).toEqual(['v0.5.0-rc1']);
    expect(fakes.github.issues).toHaveLength(1);
    const githubBack = noticesFor('recovered:github:');
    expect(githubBack).toHaveLength(1);
    expect(githubBack[0]).toMatch(/^GitHub takes posts again: create-branch for v0\.5\.0 delivered after 1\dm; 2 more on their way\.$/);
    expect(noticesFor('delay:github:')).toHaveLength(1);

    // X is down when the release reaches stage 3 and 4: both posts wait, in order.
    ciGreen(fakes);
    await command('!release advance');
    await command('!release advance');
    await settle(t.app.worker.idle());
    for (const name of TESTERS) await command('!tested ok', name);
    const twitter = tenMinutesDown('twitter');
    fakes.twitter.http.outage = twitter.outage;
    await command('!release advance');
    for (const name of TESTERS) await command('!tested ok', name);
    await command('!release advance');
    await runUntil(twitter.upAt - 5_000);
    expect(fakes.twitter.posts).toEqual([]);
    const twitterRequests = fakes.twitter.http.requests.join('\n');
    expect(twitterRequests).toMatch(/ hang$/m);
    expect(twitterRequests).toMatch(/ 503$/m);
    expect(twitterRequests).toMatch(/ 429$/m);
    const twitterDelay = noticesFor('delay:twitter:');
    expect(twitterDelay).toHaveLength(1);
    expect(twitterDelay[0]).toMatch(/^X\/Twitter has not taken posts for \d+m \(.+\): 2 posts waiting \(announce for v0\.5\.0; announce for v0\.5\.0\)\./);

    await runUntil(twitter.upAt + 16 * MINUTE, 30_000);
    await settle(drain(t));
    expect(noticesFor('recovered:twitter:')).toHaveLength(1);
    expect(noticesFor('delay:twitter:')).toHaveLength(1);
    expectOneCleanRelease(t, fakes);
    // Waiting is not failing: nobody was asked to act.
    expect(noticesFor('failed:')).toEqual([]);
    // And the leads saw it in their room.
    expect(t.takeOutput()).toContain('@lead: GitHub has not taken posts for');
    const told = ['delay:github:', 'recovered:github:', 'delay:twitter:', 'recovered:twitter:'].flatMap(noticesFor);
    const attempts = (http: { requests: string[] }, service: string): string =>
      `${service} ${http.requests.filter((r) => / (hang|5\d\d|429)$/.test(r)).length} failed requests (${['hang', '500', '503', '429'].map((s) => `${s}: ${http.requests.filter((r) => r.endsWith(` ${s}`)).length}`).join(', ')})`;
    process.stdout.write(
      [`outages: ${attempts(fakes.github.http, 'GitHub')}, ${attempts(fakes.twitter.http, 'X')}; every post delivered once; the leads were told:`, ...told.map((n) => `  ${n}`), ''].join('\n'),
    );
  });

  it('a request that is never answered is given up at the configured deadline and retried', async () => {
    await t.close();
    t = createTestApp({
      configFile: fakes.configFile,
      configure: (config) => ({ ...config, github: { ...config.github!, requestTimeoutSeconds: 10 } }),
    });
    let held = true;
    fakes.github.http.outage = () => (held ? 'hang' : null);
    await command('!release new v0.5.0');
    await fakes.github.http.holding();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(t.app.desk.deliveryProblems()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    await t.app.worker.idle();
    const [waiting] = t.app.desk.deliveryProblems();
    expect(waiting?.lastError).toMatch(/GitHub did not answer within 10 s/);
    held = false;
    await settle(drain(t, 5_000));
    expect(fakes.github.branches().sort()).toEqual(['master', 'release-v0.5.0']);
    expect(fakes.github.issues).toHaveLength(1);
    expect(fakes.rejections()).toEqual([]);
  });
});
