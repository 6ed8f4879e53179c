/**
 * What GitHub's webhook deliveries change, against the fake GitHub: the real app (createApp with `github:`
 * and `github.webhooks`), its `Webhooks` instance fed the way the web route feeds it (`receive`, and
 * `verifyAndReceive` with a signature from `webhooks.sign`), payloads in GitHub's own shape
 * (test/fakes/webhook-payloads.ts), and a manual clock. Every reaction re-reads GitHub, so each test sets
 * the fake's state first and then delivers what GitHub would send about it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Webhooks, type EmitterWebhookEvent } from '@octokit/webhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CiSource } from '../../src/desk/ci-source.js';
import { BranchWatcher } from '../../src/github/branch-watcher.js';
import { createOctokit } from '../../src/github/github-api.js';
import { registerWebhookReactions } from '../../src/github/webhook-reactions.js';
import { silentLogger } from '../../src/log/logger.js';
import type { CiStatus } from '../../src/release/gates.js';
import { MINUTE } from '../../src/ground/clock.js';
import { scanChecklist } from '../../src/text/checklist-scan.js';
import { WebhookPayloads } from '../fakes/webhook-payloads.js';
import { GITHUB_TOKEN, type LiveFakes } from '../helpers/live-fakes.js';
import { liveFakesForEachTest, oneCommitOnMaster } from '../helpers/live-fakes-each-test.js';
import { ciGreen } from '../helpers/live-release.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const SECRET = 'webhook-secret-for-tests';
const BRANCH = 'release-v0.5.0';

let fakes: LiveFakes;
let t: TestApp;
let hooks: Webhooks;
const payloads = new WebhookPayloads('ipfs', 'go-ipfs');

liveFakesForEachTest((started) => oneCommitOnMaster((fakes = started)));
afterEach(async () => {
  await t?.close();
});

/** The app with `github.webhooks` set, started (the branch watcher and the reactions run from start). */
async function open(dataDir?: string): Promise<void> {
  writeFileSync(join(dirname(fakes.configFile), 'webhook-secret'), SECRET);
  t = createTestApp({
    ...(dataDir ? { dataDir } : {}),
    configFile: fakes.configFile,
    configure: (c) => ({ ...c, github: { ...c.github!, webhooks: { secret: { file: 'webhook-secret' } } } as typeof c.github }),
  });
  hooks = t.app.webhooks!;
  await t.app.start();
}

async function ok(command: string): Promise<void> {
  const said = await t.say(command);
  expect(said.tone, `${command}: ${said.text}`).toBe('ok');
}

/** Deliver one event as the web route would, and let the notices it queued be posted. */
async function deliver(event: { name: string; payload: unknown }): Promise<void> {
  await hooks.receive({ id: randomUUID(), ...event } as EmitterWebhookEvent);
  await t.app.worker.idle();
}

/** The notices posted since the last call (one line per notice: the Matrix copy; IRC gets the same). */
function notices(): string[] {
  const prefix = '[matrix release room] @lead: ';
  return t
    .takePosts()
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
}

const head = (): string => fakes.github.resolve(BRANCH)!;
const checkRun = (name: string, status: 'queued' | 'in_progress' | 'completed', conclusion?: string, sha = head()) => ({
  name: 'check_run',
  payload: payloads.checkRun({ sha, branch: BRANCH, name, status, conclusion: conclusion ?? null }),
});
const status = (context: string, state: 'pending' | 'success' | 'failure' | 'error', sha = head()) => ({ name: 'status', payload: payloads.status({ sha, branch: BRANCH, context, state }) });
const suite = (conclusion: string, sha = head()) => ({ name: 'check_suite', payload: payloads.checkSuite({ sha, branch: BRANCH, conclusion }) });

describe('check and status events on the head of a release branch at stage 0', () => {
  it('tell the leads once when CI turns green, and `!release advance` agrees', async () => {
    await open();
    await ok('!release new v0.5.0');
    t.takeOutput();

    fakes.github.setStatus(BRANCH, 'ci/circleci', 'pending');
    fakes.github.setCheckRun(BRANCH, 'build', 'in_progress');
    await deliver(status('ci/circleci', 'pending'));
    await deliver(checkRun('build', 'in_progress'));
    expect(notices()).toEqual([]);

    ciGreen(fakes, BRANCH);
    await deliver(checkRun('build', 'completed', 'success'));
    expect(notices()).toEqual(['CI is green on release-v0.5.0: !release advance']);
    // The status, the suite and a redelivered run about the same green head say nothing more.
    await deliver(status('ci/circleci', 'success'));
    await deliver(suite('success'));
    await deliver(checkRun('build', 'completed', 'success'));
    expect(notices()).toEqual([]);

    await ok('!release advance');
    expect(t.app.desk.active()[0]!.stage).toBe(1);
    expect(fakes.rejections()).toEqual([]);
  });

  it('after a restart, the head already told green is not told again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehand-webhooks-'));
    try {
      await open(dataDir);
      await ok('!release new v0.5.0');
      t.takeOutput();
      ciGreen(fakes, BRANCH);
      await deliver(suite('success'));
      expect(notices()).toEqual(['CI is green on release-v0.5.0: !release advance']);
      await t.close();
      await open(dataDir);
      await deliver(suite('success'));
      await deliver(checkRun('build', 'completed', 'success'));
      expect(notices()).toEqual([]);
    } finally {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('name the failing checks once per head and failing set', async () => {
    await open();
    await ok('!release new v0.5.0');
    t.takeOutput();
    const sha = head();
    fakes.github.setStatus(BRANCH, 'ci/circleci', 'success');
    fakes.github.setCheckRun(BRANCH, 'interop', 'completed', 'failure');
    fakes.github.setCheckRun(BRANCH, 'sharness', 'in_progress');
    await deliver(checkRun('interop', 'completed', 'failure'));
    expect(notices()).toEqual([`CI is failing on release-v0.5.0 at ${sha.slice(0, 7)}: interop. I will say here when it is green.`]);
    await deliver(status('ci/circleci', 'success'));
    expect(notices()).toEqual([]);

    // Another check fails on the same head: the leads hear the whole failing set.
    fakes.github.setCheckRun(BRANCH, 'lint', 'completed', 'timed_out');
    await deliver(checkRun('lint', 'completed', 'timed_out'));
    expect(notices()).toEqual([`CI is failing on release-v0.5.0 at ${sha.slice(0, 7)}: interop, lint. I will say here when it is green.`]);
    // A re-run of lint passes while interop still fails: nothing new to say.
    fakes.github.setCheckRun(BRANCH, 'lint', 'completed', 'success');
    await deliver(checkRun('lint', 'completed', 'success'));
    expect(notices()).toEqual([]);

    const refused = await t.say('!release advance');
    expect(refused.tone).toBe('refused');
    expect(refused.text).toContain('CI is failing on release-v0.5.0: interop');
  });

  it('green, then red on a new head, then green on the next head: each told once', async () => {
    await open();
    await ok('!release new v0.5.0');
    t.takeOutput();
    ciGreen(fakes, BRANCH);
    await deliver(suite('success'));
    expect(notices()).toEqual(['CI is green on release-v0.5.0: !release advance']);

    const second = fakes.github.commit(BRANCH, 'fix: flaky test (#6030)');
    await deliver({ name: 'push', payload: payloads.push({ branch: BRANCH, before: 'x'.repeat(40), after: second, message: 'fix: flaky test (#6030)' }) });
    fakes.github.setCheckRun(BRANCH, 'build', 'completed', 'failure');
    await deliver(checkRun('build', 'completed', 'failure'));
    expect(notices()).toEqual([`CI is failing on release-v0.5.0 at ${second.slice(0, 7)}: build. I will say here when it is green.`]);

    fakes.github.commit(BRANCH, 'fix: the flaky test, really (#6031)');
    ciGreen(fakes, BRANCH);
    await deliver(checkRun('build', 'completed', 'success'));
    expect(notices()).toEqual(['CI is green on release-v0.5.0: !release advance']);
    expect(fakes.rejections()).toEqual([]);
  });

  it('out of order: a late queued or failed event after the green one changes nothing', async () => {
    await open();
    await ok('!release new v0.5.0');
    t.takeOutput();
    // GitHub's state is green now; its deliveries arrive shuffled and all at once.
    ciGreen(fakes, BRANCH);
    await Promise.all([
      deliver(checkRun('build', 'completed', 'success')),
      deliver(checkRun('build', 'queued')),
      deliver(checkRun('build', 'completed', 'failure')),
      deliver(status('ci/circleci', 'pending')),
      deliver(checkRun('build', 'in_progress')),
    ]);
    expect(notices()).toEqual(['CI is green on release-v0.5.0: !release advance']);
    await deliver(checkRun('build', 'queued'));
    await deliver(status('ci/circleci', 'failure'));
    expect(notices()).toEqual([]);
  });

  it('out of order: a reading GitHub answers late is never told after a newer one', async () => {
    await open();
    await ok('!release new v0.5.0');
    t.takeOutput();
    // Reactions on an instance of their own, whose CI readings the test answers by hand, in any order.
    const own = new Webhooks({ secret: SECRET });
    const answers: ((status: CiStatus) => void)[] = [];
    const ci: CiSource = { statusOf: () => new Promise((resolve) => answers.push(resolve)) };
    const gh = createOctokit(fakes.github.http.url, GITHUB_TOKEN);
    const repo = { owner: 'ipfs', repo: 'go-ipfs' };
    const watcher = new BranchWatcher({ gh, repo, desk: t.app.desk, clock: t.clock, log: silentLogger(), everyMs: MINUTE, prefix: '!' });
    registerWebhookReactions(own, { desk: t.app.desk, gh, repo, ci, watcher, clock: t.clock, log: silentLogger() });

    const red = own.receive({ id: randomUUID(), ...checkRun('build', 'completed', 'failure') } as EmitterWebhookEvent);
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    const green = own.receive({ id: randomUUID(), ...checkRun('build', 'completed', 'success') } as EmitterWebhookEvent);
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    // Were the second reading under way already, its (newer) answer would come first.
    answers[1]?.({ state: 'green' });
    answers[0]!({ state: 'failing', failing: ['build'] });
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[1]!({ state: 'green' });
    await Promise.all([red, green]);
    await t.app.worker.idle();
    expect(notices()).toEqual([`CI is failing on release-v0.5.0 at ${head().slice(0, 7)}: build. I will say here when it is green.`, 'CI is green on release-v0.5.0: !release advance']);
  });

  it('ignore events for a stale head, another branch, or a release not at stage 0', async () => {
    await open();
    await ok('!release new v0.5.0');
    t.takeOutput();
    const stale = head();
    fakes.github.setCheckRun(stale, 'build', 'completed', 'failure');
    fakes.github.commit(BRANCH, 'fix: something (#6040)');
    await deliver(checkRun('build', 'completed', 'failure', stale));
    const master = fakes.github.commit('master', 'feat: next thing (#6041)');
    fakes.github.setCheckRun(master, 'build', 'completed', 'failure');
    await deliver(checkRun('build', 'completed', 'failure', master));
    expect(notices()).toEqual([]);

    ciGreen(fakes, BRANCH);
    await ok('!release advance');
    t.takeOutput();
    const reads = fakes.github.count('GET', /\/check-runs$/);
    fakes.github.setCheckRun(BRANCH, 'build', 'completed', 'failure');
    await deliver(checkRun('build', 'completed', 'failure'));
    expect(notices()).toEqual([]);
    expect(fakes.github.count('GET', /\/check-runs$/)).toBe(reads);
    expect(fakes.rejections()).toEqual([]);
  });

  it('a verified delivery reacts; a wrongly signed one is refused and tells nobody', async () => {
    await open();
    await ok('!release new v0.5.0');
    t.takeOutput();
    ciGreen(fakes, BRANCH);
    const body = JSON.stringify(suite('success').payload);
    await expect(hooks.verifyAndReceive({ id: randomUUID(), name: 'check_suite', payload: body, signature: 'sha256=' + '0'.repeat(64) })).rejects.toThrow();
    await t.app.worker.idle();
    expect(notices()).toEqual([]);
    await hooks.verifyAndReceive({ id: randomUUID(), name: 'check_suite', payload: body, signature: await hooks.sign(body) });
    await t.app.worker.idle();
    expect(notices()).toEqual(['CI is green on release-v0.5.0: !release advance']);
  });
});

describe('a push to a release branch in stages 1–3', () => {
  it('prompts the restart at once, once; the poller stays quiet about that head and slows down while deliveries arrive', async () => {
    await open();
    await ok('!release new v0.5.0');
    ciGreen(fakes, BRANCH);
    await ok('!release advance');
    await ok('!release advance');
    expect(t.app.desk.active()[0]!.stage).toBe(2);
    t.takeOutput();

    const polls = (): number => fakes.github.count('GET', /\/git\/ref\/heads%2Frelease-v0\.5\.0$/);
    const polled = polls();
    const before = head();
    const sha = fakes.github.commit(BRANCH, 'fix: crash on empty repo (#6020)');
    await deliver({ name: 'push', payload: payloads.push({ branch: BRANCH, before, after: sha, message: 'fix: crash on empty repo (#6020)' }) });
    // The head is the delivery's: no read of the branch, which may lag behind the push for a moment.
    expect(polls()).toBe(polled);
    const told = notices();
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`New commits on release-v0.5.0 since v0.5.0-rc1: ${sha.slice(0, 7)} fix: crash on empty repo (#6020).`);
    expect(told[0]).toContain('!release restart v0.5.0 <reason> cuts v0.5.0-rc2');
    // The same push delivered again says nothing.
    await deliver({ name: 'push', payload: payloads.push({ branch: BRANCH, before, after: sha, message: 'fix: crash on empty repo (#6020)' }) });
    expect(notices()).toEqual([]);

    // The poller (every minute in this config) slows to six while deliveries arrive, and never repeats the prompt.
    await t.clock.advanceBy(MINUTE); // the round armed before the delivery
    await t.app.worker.idle();
    const slowFrom = polls();
    await t.clock.advanceBy(5 * MINUTE);
    expect(polls()).toBe(slowFrom);
    await t.clock.advanceBy(MINUTE);
    expect(polls()).toBe(slowFrom + 1);
    await t.app.worker.idle();
    expect(notices()).toEqual([]);
    // No delivery for a slow round: back to every minute.
    await t.clock.advanceBy(3 * MINUTE);
    expect(polls()).toBe(slowFrom + 4);
    expect(fakes.rejections()).toEqual([]);
  });

  it('at stage 0, or to another branch, prompts nothing', async () => {
    await open();
    await ok('!release new v0.5.0');
    t.takeOutput();
    const sha = fakes.github.commit(BRANCH, 'fix: early fix (#6050)');
    await deliver({ name: 'push', payload: payloads.push({ branch: BRANCH, before: 'x'.repeat(40), after: sha, message: 'fix: early fix (#6050)' }) });
    const other = fakes.github.commit('master', 'feat: more (#6051)');
    await deliver({ name: 'push', payload: payloads.push({ branch: 'master', before: 'x'.repeat(40), after: other, message: 'feat: more (#6051)' }) });
    expect(notices()).toEqual([]);
  });
});

describe('an edit of the release issue', () => {
  it("reads people's ticks into the checklist state: status counts them and Stagehand's next update keeps them", async () => {
    await open();
    await ok('!release new v0.5.0');
    t.takeOutput();
    const issue = fakes.github.issues[0]!;
    const before = issue.body;
    expect((await t.say('!release status')).text).toMatch(/release issue checklist: \d+ of \d+ ticked, 0 of them by people/);

    // A person ticks two boxes Stagehand leaves to people (or to later stages) on GitHub.
    const open2 = scanChecklist(before).filter((i) => !i.checked && i.stage !== 0).slice(0, 2);
    expect(open2).toHaveLength(2);
    fakes.github.personEdits(issue.number, (body) => open2.reduce((b, i) => `${b.slice(0, i.boxAt)}x${b.slice(i.boxAt + 1)}`, body));
    await deliver({ name: 'issues', payload: payloads.issueEdited({ number: issue.number, body: issue.body, before }) });
    expect((await t.say('!release status')).text).toMatch(/release issue checklist: \d+ of \d+ ticked, 2 of them by people/);

    // Stagehand's next write of the issue (stage 1) keeps them.
    ciGreen(fakes, BRANCH);
    await ok('!release advance');
    for (const item of open2) expect(scanChecklist(issue.body).find((i) => i.key === item.key)?.checked).toBe(true);
    expect((await t.say('!release status')).text).toMatch(/2 of them by people/);
    expect(fakes.rejections()).toEqual([]);
  });

  it('of another issue, or of the title only, changes nothing', async () => {
    await open();
    await ok('!release new v0.5.0');
    const issue = fakes.github.issues[0]!;
    const other = fakes.github.seedIssue('Unrelated bug', '- [ ] a\n- [ ] b', []);
    const snapshot = t.snapshot();
    const gets = fakes.github.count('GET', /\/issues\/\d+$/);
    await deliver({ name: 'issues', payload: payloads.issueEdited({ number: other.number, body: '- [x] a\n- [x] b', before: other.body }) });
    const titleOnly = payloads.issueEdited({ number: issue.number, body: issue.body, before: issue.body });
    Object.assign(titleOnly, { changes: { title: { from: 'Release v0.5' } } });
    await deliver({ name: 'issues', payload: titleOnly });
    expect(fakes.github.count('GET', /\/issues\/\d+$/)).toBe(gets);
    expect(t.snapshot()).toEqual(snapshot);
  });
});
