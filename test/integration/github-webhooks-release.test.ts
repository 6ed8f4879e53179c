/**
 * Issue 16 end to end: the real app (createApp) signed in as a GitHub App only (no personal token), with
 * `github.webhooks` and `web:`; the fake GitHub issues expiring installation tokens and sends SIGNED
 * deliveries over real HTTP to the app's `POST /api/github/webhooks`. A release goes through its stages
 * while webhooks tell the leads about CI and pushes; bad deliveries change nothing; the seams between
 * the App auth, the ingress and the reactions (start, shutdown, a failing reaction) hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MINUTE } from '../../src/ground/clock.js';
import type { FakeGithubApp } from '../fakes/fake-github-app.js';
import { WebhookSchemas } from '../fakes/webhook-schemas.js';
import { WebhookSender } from '../fakes/webhook-sender.js';
import { capturingLogger, type LogEntry } from '../helpers/capturing-logger.js';
import type { LiveFakes } from '../helpers/live-fakes.js';
import { appKeys, useGithubApp, type AppKeys } from '../helpers/live-fakes-app.js';
import { liveFakesForEachTest, oneCommitOnMaster } from '../helpers/live-fakes-each-test.js';
import { advanceToRelease, ciGreen, expectOneCleanRelease } from '../helpers/live-release.js';
import { createTestApp, TEST_START, type TestApp } from '../helpers/test-app.js';

const SECRET = 'whsec-joint-e2e-5d1c0b7a9e';
const SECRET_ENV = 'STAGEHAND_TEST_WEBHOOK_SECRET_E2E';
const BRANCH = 'release-v0.5.0';
/** Real time a delivery may take to reach the leads: far above the measured figure, far below any poll. */
const BOUND_MS = 5_000;

let keys: AppKeys;
let schemas: WebhookSchemas;
let fakes: LiveFakes;
let t: TestApp | undefined;
let app: FakeGithubApp;
let github: WebhookSender;
let logs: LogEntry[];
/** The leads' notices seen so far and not yet taken by a test (the Matrix copy of each). */
let pending: string[] = [];

beforeAll(() => {
  keys = appKeys();
  schemas = WebhookSchemas.github();
});

liveFakesForEachTest((started) => oneCommitOnMaster((fakes = started)));

afterEach(async () => {
  await t?.close();
  t = undefined;
  pending = [];
  vi.unstubAllEnvs();
});

/**
 * The App-only config plus `github.webhooks`; the fake App reads the app's manual clock. `dataDir`: a
 * restart on the same store (the caller removes it; the config is then already the App's).
 */
async function open(dataDir?: string): Promise<TestApp> {
  if (!dataDir || !fakes.github.app) app = useGithubApp(fakes, keys);
  app.now = () => t?.clock.now() ?? TEST_START;
  vi.stubEnv(SECRET_ENV, SECRET);
  const captured = capturingLogger('debug');
  logs = captured.entries;
  const opened = createTestApp({
    ...(dataDir ? { dataDir } : {}),
    configFile: fakes.configFile,
    log: captured.log,
    configure: (config) => ({ ...config, github: { ...config.github!, webhooks: { secret: { env: SECRET_ENV }, trustedProxies: ['127.0.0.1', '::1'] } } }),
  });
  t = opened;
  expect(opened.loaded.config.github!.token).toBeUndefined();
  await opened.app.start();
  github = new WebhookSender(new URL('api/github/webhooks', opened.app.webUrl()!).toString(), SECRET, schemas);
  return opened;
}

const LEAD_PREFIX = '[matrix release room] @lead: ';
function collect(t: TestApp): void {
  pending.push(...t.takePosts().filter((l) => l.startsWith(LEAD_PREFIX)).map((l) => l.slice(LEAD_PREFIX.length)));
}
/** The leads' notices since the last call. */
function notices(t: TestApp): string[] {
  collect(t);
  const taken = pending;
  pending = [];
  return taken;
}

async function ok(t: TestApp, command: string): Promise<void> {
  const said = await t.say(command);
  expect(said.tone, `${command}: ${said.text}`).toBe('ok');
}

/** Neither the webhook secret, the App key nor an installation token in the store, the output or the logs. */
function expectNoSecrets(t: TestApp): void {
  const everything = JSON.stringify(t.snapshot()) + t.takeOutput() + JSON.stringify(logs);
  expect(everything).not.toContain(SECRET);
  for (const line of keys.privateKeyPem.split('\n').filter((l) => l.length > 20)) expect(everything).not.toContain(line);
  for (const { token } of app.issued) expect(everything).not.toContain(token);
}

const head = (): string => fakes.github.resolve(BRANCH)!;
const recorded = (t: TestApp): number => (t.app.store.db.prepare('SELECT COUNT(*) AS n FROM github_deliveries').get() as { n: number }).n;

describe('a release with GitHub App auth only, told by signed webhooks over real HTTP', () => {
  it('red then green at stage 0, a push at stage 2, a token expiring mid-release: each told once, at once', async () => {
    const t = await open();
    app.tokenLifetimeMs = 20 * MINUTE;
    await ok(t, '!release new v0.5.0');
    notices(t);
    const started = t.clock.now();
    const sha = head();

    // Red: the leads hear which checks fail.
    fakes.github.setStatus(BRANCH, 'ci/circleci', 'success');
    fakes.github.setCheckRun(BRANCH, 'interop', 'completed', 'failure');
    expect((await github.checkRun(sha, 'failure', 'interop')).status).toBe(200);
    await vi.waitFor(() => expect((collect(t), pending)).toHaveLength(1), { timeout: BOUND_MS, interval: 5 });
    expect(notices(t)).toEqual([`CI is failing on ${BRANCH} at ${sha.slice(0, 7)}: interop. I will say here when it is green.`]);

    // Green: from the POST to the leads' post, no clock moved and no poll round ran.
    ciGreen(fakes, BRANCH);
    fakes.github.setCheckRun(BRANCH, 'interop', 'completed', 'success');
    const sentAt = performance.now();
    const green = await github.checkRun(sha, 'success', 'interop');
    expect(green.status).toBe(200);
    await vi.waitFor(() => expect((collect(t), pending)).toHaveLength(1), { timeout: BOUND_MS, interval: 1 });
    const latencyMs = performance.now() - sentAt;
    console.log(`webhook → leads: ${latencyMs.toFixed(1)} ms (check_run POST to the chat post, real HTTP, App auth)`);
    expect(notices(t)).toEqual([`CI is green on ${BRANCH}: !release advance`]);
    expect(t.clock.now()).toBe(started);
    expect(t.app.store.outbox.pendingCount()).toBe(0);

    // GitHub's "Redeliver" of the green delivery: handled once, nothing more said.
    const again = await github.send(green.delivery);
    expect([again.status, again.text]).toEqual([200, 'Already handled\n']);
    await t.app.worker.idle();
    expect(notices(t)).toEqual([]);

    // The first installation token runs out while the release is at stage 0: the next request renews it.
    expect(app.issued).toHaveLength(1);
    await t.clock.advanceBy(app.issued[0]!.expiresAt - t.clock.now() + MINUTE);
    await ok(t, '!release advance');
    await ok(t, '!release advance');
    expect(t.app.desk.active()[0]!.stage).toBe(2);
    expect(app.issued.length).toBeGreaterThanOrEqual(2);
    notices(t);

    // A push to the release branch at stage 2: the restart prompt at once, once (a redelivery says nothing).
    const fix = fakes.github.commit(BRANCH, 'fix: crash on empty repo (#6020)');
    const push = await github.push(BRANCH, fix, sha);
    expect(push.status).toBe(200);
    await t.app.worker.idle();
    const prompt = notices(t);
    expect(prompt).toHaveLength(1);
    expect(prompt[0]).toContain(`New commits on ${BRANCH} since v0.5.0-rc1: ${fix.slice(0, 7)} fix: crash on empty repo (#6020).`);
    expect(prompt[0]).toContain('!release restart v0.5.0 <reason> cuts v0.5.0-rc2');
    expect((await github.send(push.delivery)).text).toBe('Already handled\n');
    expect((await github.push(BRANCH, fix, sha)).status).toBe(200); // the same push, a new delivery id
    await t.app.worker.idle();
    expect(notices(t)).toEqual([]);

    await advanceToRelease(t, fakes);
    expectOneCleanRelease(t, fakes);
    expect(app.refused).toEqual([]);
    // Each delivery id recorded once: red, green, push, the second push.
    expect(recorded(t)).toBe(4);
    expectNoSecrets(t);
  });

  it('refuses a bad signature, a wrong repository and an oversized body: no delivery row, no outbox row, no release change', async () => {
    const t = await open();
    await ok(t, '!release new v0.5.0');
    notices(t);
    // GitHub's state is green: any delivery that got through would tell the leads.
    ciGreen(fakes, BRANCH);
    const before = t.snapshot();

    const good = await github.delivery('check_run', 'completed', { check_run: { head_sha: head(), name: 'build', status: 'completed', conclusion: 'success' } });
    const signedByOther = await new WebhookSender(github.url, 'not-the-secret', schemas).delivery('check_run', 'completed', { check_run: { head_sha: head(), name: 'build', status: 'completed', conclusion: 'success' } });
    const badSignature = await github.send(good, { signature: signedByOther.signature });
    expect([badSignature.status, badSignature.text]).toEqual([401, 'signature does not match\n']);
    expect(badSignature.text).not.toContain(SECRET);
    const otherRepo = await github.deliver('check_run', 'completed', { check_run: { head_sha: head(), name: 'build', status: 'completed', conclusion: 'success' } }, 'someone/else');
    expect(otherRepo.status).toBe(202);
    const big = await github.delivery('check_run', 'completed', { check_run: { head_sha: head(), name: 'build', status: 'completed', conclusion: 'success', output: { title: null, summary: 'x'.repeat(1024 * 1024), text: null, annotations_count: 0, annotations_url: 'https://api.github.com/x' } } });
    expect((await github.send(big)).status).toBe(413);

    await t.app.worker.idle();
    expect(t.snapshot()).toEqual(before);
    expect(recorded(t)).toBe(0);
    expect(t.app.store.outbox.pendingCount()).toBe(0);
    expect(notices(t)).toEqual([]);
    expect(t.app.desk.active()[0]!.stage).toBe(0);
    // The good one, sent afterwards, is handled: the refusals kept nothing about its id.
    expect((await github.send(good)).status).toBe(200);
    await t.app.worker.idle();
    expect(notices(t)).toEqual([`CI is green on ${BRANCH}: !release advance`]);
  });
});

/** Resolves with `work`, or fails once `ms` of real time pass (a stop that hangs fails the test, not the run). */
function within<T>(work: Promise<T>, ms = BOUND_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not done within ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const greenRun = () => github.delivery('check_run', 'completed', { check_run: { head_sha: head(), name: 'build', status: 'completed', conclusion: 'success' } });

describe('the seams between App auth, the ingress and the reactions', () => {
  it('a reaction that fails (GitHub answers 502) answers 500 and keeps no id: GitHub\'s redelivery is handled', async () => {
    const t = await open();
    await ok(t, '!release new v0.5.0');
    notices(t);
    ciGreen(fakes, BRANCH);
    fakes.github.http.failNext('GET', /\/git\/ref\/heads%2Frelease-v0\.5\.0$/, { status: 502, body: { message: 'Bad gateway' } });
    const delivery = await greenRun();
    const failed = await github.send(delivery);
    expect([failed.status, failed.text]).toEqual([500, 'Handling failed; redeliver to retry\n']);
    expect(recorded(t)).toBe(0);
    await t.app.worker.idle();
    expect(notices(t)).toEqual([]);
    expect(logs.find((l) => /webhook CI reading failed/.test(l.msg))).toBeDefined();
    expectNoSecrets(t);

    const redelivered = await github.send(delivery);
    expect([redelivered.status, redelivered.text]).toEqual([200, 'Handled\n']);
    expect(recorded(t)).toBe(1);
    await t.app.worker.idle();
    expect(notices(t)).toEqual([`CI is green on ${BRANCH}: !release advance`]);
    // A failed reading does not stall the ones after it: a later head's green is still told.
    fakes.github.commit(BRANCH, 'fix: a flake (#6060)');
    ciGreen(fakes, BRANCH);
    expect((await (async () => github.send(await greenRun()))()).status).toBe(200);
    await t.app.worker.idle();
    expect(notices(t)).toEqual([`CI is green on ${BRANCH}: !release advance`]);
  });

  it('a delivery cut short by SIGTERM: stop does not wait for a hanging GitHub, and the redelivery after the restart is handled', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehand-webhooks-e2e-'));
    try {
      const first = await open(dataDir);
      await ok(first, '!release new v0.5.0');
      notices(first);
      ciGreen(fakes, BRANCH);
      // GitHub accepts the reaction's read of the branch and never answers it.
      fakes.github.http.outage = (request) => (/\/git\/ref\/heads%2Frelease/.test(request.rawPath) ? 'hang' : null);
      const delivery = await greenRun();
      const cut = github.send(delivery).then(
        (answer) => answer.status,
        () => 'connection closed',
      );
      await fakes.github.http.holding();
      await within(first.app.stop());
      expect(await within(cut)).not.toBe(200);

      fakes.github.http.outage = null;
      const second = await open(dataDir);
      // The reactions are registered before the server listens: the first delivery after the start reacts.
      expect(recorded(second)).toBe(0);
      const redelivered = await github.send(delivery);
      expect([redelivered.status, redelivered.text]).toEqual([200, 'Handled\n']);
      await second.app.worker.idle();
      expect(notices(second)).toEqual([`CI is green on ${BRANCH}: !release advance`]);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
