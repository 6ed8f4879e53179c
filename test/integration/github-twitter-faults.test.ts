/**
 * Faults between Stagehand and GitHub / X/Twitter: a crash between a request and its record for every kind
 * of effect, rate limits, server errors, a duplicate post, a refusal a lead has to settle. Each fault
 * scenario must leave exactly what a clean release leaves.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EffectPayload } from '../../src/ground/effects.js';
import type { Publisher } from '../../src/publish/publisher.js';
import type { LiveFakes } from '../helpers/live-fakes.js';
import { liveFakesForEachTest, oneCommitOnMaster } from '../helpers/live-fakes-each-test.js';
import { advanceToRelease, drain, expectOneCleanRelease } from '../helpers/live-release.js';
import { createTestApp, type TestApp, type TestAppOptions } from '../helpers/test-app.js';

let fakes: LiveFakes;
let t: TestApp | undefined;

liveFakesForEachTest((started) => oneCommitOnMaster((fakes = started)));

afterEach(async () => {
  await t?.close();
  t = undefined;
});

const BACKOFF = { firstMs: 1_000, maxMs: 1_000 };

function open(options: Omit<TestAppOptions, 'configFile'> = {}): TestApp {
  t = createTestApp({ backoff: BACKOFF, ...options, configFile: fakes.configFile });
  return t;
}

/**
 * The effect is really sent, then the process "dies" before the outbox records it: the worker sees a
 * failure and delivers the same effect again later, as it would after a restart.
 */
function loseTheRecordOf(action: EffectPayload['action'], destination: string) {
  let lost = 0;
  const decorate = (inner: Publisher): Publisher => ({
    destination: inner.destination,
    targets: (audience) => inner.targets(audience),
    async deliver(effect) {
      const outcome = await inner.deliver(effect);
      if (lost === 0 && effect.destination === destination && effect.payload.action === action) {
        expect(outcome.kind).toBe('delivered');
        lost++;
        throw new Error('killed between the request and its record');
      }
      return outcome;
    },
  });
  return { decorate, lost: () => lost };
}

describe('a crash between a request and its record never doubles the effect', () => {
  const kinds: [EffectPayload['action'], string][] = [
    ['create-branch', 'github'],
    ['create-prerelease', 'github'],
    ['open-issue', 'github'],
    ['update-issue', 'github'],
    ['create-release', 'github'],
    ['announce', 'twitter'],
  ];
  for (const [action, destination] of kinds) {
    it(`${destination} ${action}`, async () => {
      const crash = loseTheRecordOf(action, destination);
      const app = open({ decoratePublisher: crash.decorate });
      await app.say('!release new v0.5.0');
      await drain(app);
      await advanceToRelease(app, fakes);
      await drain(app);
      expect(crash.lost()).toBe(1);
      expectOneCleanRelease(app, fakes);
    });
  }

  it('a real SIGKILL after GitHub created the branch: the restarted app finds it and goes on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehand-crash-'));
    // Asynchronously: the child talks to the fakes, which answer from this process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/crash-run.ts', dataDir, 'after-post', fakes.configFile]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal, stderr).toBe('SIGKILL');
    expect(fakes.github.branches().sort()).toEqual(['master', 'release-v0.5.0']);
    // The crashed run used the system clock; the restarted one starts where it left off.
    const app = open({ dataDir, start: Date.now() });
    await app.app.start();
    await app.app.worker.idle();
    await advanceToRelease(app, fakes);
    expectOneCleanRelease(app, fakes);
  });
});

describe('rate limits and server errors', () => {
  it('429 with Retry-After: waits that long, then delivers once', async () => {
    fakes.github.http.failNext('POST', /\/releases$/, { status: 429, headers: { 'retry-after': '120' }, body: { message: 'slow down' } });
    const app = open();
    await app.say('!release new v0.5.0');
    const [waiting] = app.app.desk.deliveryProblems();
    expect(waiting?.payload.action).toBe('create-prerelease');
    expect(waiting?.nextAttemptAt).toBe(app.clock.now() + 120_000);
    expect((await app.say('!release status')).text).toMatch(/#\d+ github create-prerelease for v0\.5\.0: retrying \(attempt 1\) — create-prerelease on ipfs\/go-ipfs: GitHub answered 429/);
    await app.clock.advanceBy(119_000);
    await app.app.worker.idle();
    expect(fakes.github.releases).toHaveLength(0);
    await app.clock.advanceBy(1_000);
    await app.app.worker.idle();
    expect(fakes.github.releases.map((r) => r.tag_name)).toEqual(['v0.5.0-rc1']);
    await advanceToRelease(app, fakes);
    await drain(app);
    expectOneCleanRelease(app, fakes);
  });

  it('429 from X with a rate-limit reset: waits until the reset', async () => {
    const app = open();
    await app.say('!release new v0.5.0');
    const resetAt = Math.ceil(app.clock.now() / 1000) + 900;
    fakes.twitter.http.failNext('POST', /^\/2\/tweets$/, {
      status: 429,
      headers: { 'x-rate-limit-limit': '200', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetAt) },
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
    });
    await advanceToRelease(app, fakes);
    const waiting = app.app.desk.deliveryProblems().find((p) => p.destination === 'twitter');
    expect(waiting?.nextAttemptAt).toBe(resetAt * 1000);
    await drain(app, 60_000, 20);
    expectOneCleanRelease(app, fakes);
  });

  it('500 then success, and a 502 after the issue was created (its answer lost): no duplicates', async () => {
    fakes.github.http.failNext('POST', /\/git\/refs$/, { status: 500, body: { message: 'Server Error' } });
    fakes.github.http.failNext('POST', /\/issues$/, { status: 502, body: { message: 'Bad Gateway' } }, { afterEffect: true });
    fakes.github.http.failNext('POST', /\/issues\/\d+\/comments$/, { status: 503, body: { message: 'unavailable' } }, { afterEffect: true });
    fakes.twitter.http.failNext('POST', /^\/2\/tweets$/, { status: 503, body: { title: 'Service Unavailable' } }, { afterEffect: true });
    const app = open();
    await app.say('!release new v0.5.0');
    await drain(app);
    await advanceToRelease(app, fakes);
    await drain(app);
    expectOneCleanRelease(app, fakes);
    expect(fakes.github.http.requests.filter((r) => / 50\d$/.test(r))).toHaveLength(3);
  });
});

describe('refusals', () => {
  it('a 403 duplicate-content answer from X counts as posted', async () => {
    const app = open();
    await app.say('!release new v0.5.0');
    // The same text was posted long ago (older than the recent posts Stagehand reads), so only X's
    // duplicate check catches it.
    fakes.twitter.posts.push({ id: '1', text: 'go-ipfs v0.5.0-rc1 is a release candidate ready for production testing. Try it on your nodes and tell us what you find: https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0-rc1' });
    for (let i = 0; i < 30; i++) fakes.twitter.posts.push({ id: String(100 + i), text: `unrelated post ${i}` });
    await advanceToRelease(app, fakes);
    await drain(app);
    expect(fakes.twitter.http.requests).toContain('POST /2/tweets 403');
    expect(fakes.twitter.posts).toHaveLength(32); // the earlier post, 30 others, the release post
    expect(app.app.desk.deliveryProblems()).toEqual([]);
    expect(fakes.rejections()).toEqual([]);
  });

  it('an account that may not read its timeline (403) still posts once, guarded by X\'s duplicate check', async () => {
    const forbidden = { status: 403, body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.' } };
    fakes.twitter.http.failNext('GET', /^\/2\/users\/\d+\/tweets$/, forbidden, { times: 10 });
    const crash = loseTheRecordOf('announce', 'twitter');
    const app = open({ decoratePublisher: crash.decorate });
    await app.say('!release new v0.5.0');
    await advanceToRelease(app, fakes);
    await drain(app);
    expect(crash.lost()).toBe(1);
    expect(fakes.twitter.http.requests).toContain('POST /2/tweets 403');
    expectOneCleanRelease(app, fakes);
  });

  it('another 4xx fails at once, tells the leads, stays in status until a lead retries or dismisses it', async () => {
    fakes.github.http.failNext('POST', /\/releases$/, { status: 403, body: { message: 'Resource not accessible by integration' } });
    fakes.twitter.http.failNext('POST', /^\/2\/tweets$/, {
      status: 403,
      body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'You are not permitted to perform this action.' },
    });
    const app = open();
    await app.say('!release new v0.5.0');
    expect(app.takeOutput()).toContain('@lead: Could not deliver github create-prerelease for v0.5.0: create-prerelease on ipfs/go-ipfs: GitHub answered 403 Resource not accessible by integration.');
    const failedRelease = await app.say('!release status');
    const prerelease = /#(\d+) github create-prerelease for v0\.5\.0: failed — .*GitHub answered 403/.exec(failedRelease.text)?.[1];
    expect(prerelease, failedRelease.text).toBeDefined();
    // The token was given the missing permission: a lead sends it again.
    expect((await app.say(`!release retry #${prerelease}`)).tone).toBe('ok');
    expect(fakes.github.releases.map((r) => r.tag_name)).toEqual(['v0.5.0-rc1']);
    expect((await app.say(`!release retry #${prerelease}`)).text).toContain(`#${prerelease} is not an undelivered post that failed`);

    await advanceToRelease(app, fakes);
    expect(app.takeOutput()).toContain('Could not deliver twitter announce for v0.5.0: X/Twitter answered 403: You are not permitted to perform this action.');
    const status = await app.say('!release status v0.5.0');
    const tweet = /#(\d+) twitter announce for v0\.5\.0: failed/.exec(status.text)?.[1];
    expect(tweet, status.text).toBeDefined();
    // The post was made by hand, so a lead dismisses it, saying so.
    expect((await app.say(`!release dismiss #${tweet}`)).text).toContain('Missing reason: why it is given up');
    expect((await app.say(`!release dismiss #${tweet} posted by hand`, 'infura')).tone).toBe('refused');
    expect((await app.say(`!release dismiss #${tweet} posted by hand`)).tone).toBe('ok');
    expect((await app.say(`!release dismiss #${tweet} again`)).tone).toBe('refused');
    expect((await app.say('!release dismiss abc x')).text).toContain('is not a post number');
    expect((await app.say('!release status v0.5.0')).text).not.toContain('Posts not delivered');
    expect((await app.say('!release history v0.5.0')).text).toContain(`dismissed #${tweet} (twitter announce)`);
    expect(fakes.github.releases.map((r) => r.tag_name)).toEqual(['v0.5.0-rc1', 'v0.5.0']);
    expect(fakes.twitter.posts).toHaveLength(1);
    expect(fakes.rejections()).toEqual([]);
  });
});
