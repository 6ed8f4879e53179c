/**
 * GitHub's webhooks, sent by the fake GitHub over real HTTP to the running app (createApp with
 * `github.webhooks`): what gets through to the handlers on the app's `Webhooks` instance, and that
 * everything refused changes nothing (the store's rows compared before and after, no handler run).
 */
import type { EmitterWebhookEvent } from '@octokit/webhooks';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebhookSchemas } from '../fakes/webhook-schemas.js';
import { WebhookSender } from '../fakes/webhook-sender.js';
import { capturingLogger, type LogEntry } from '../helpers/capturing-logger.js';
import type { LiveFakes } from '../helpers/live-fakes.js';
import { liveFakesForEachTest, oneCommitOnMaster } from '../helpers/live-fakes-each-test.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const SECRET = 'whsec-for-the-fake-hook-7f3a9c';
const SECRET_ENV = 'STAGEHAND_TEST_WEBHOOK_SECRET';

let schemas: WebhookSchemas;
let fakes: LiveFakes;
let t: TestApp;
let logs: LogEntry[];
let received: EmitterWebhookEvent[];
let github: WebhookSender;

beforeAll(() => {
  schemas = WebhookSchemas.github();
});

liveFakesForEachTest((started) => {
  fakes = started;
  oneCommitOnMaster(fakes);
});

afterEach(async () => {
  await t?.close();
  vi.unstubAllEnvs();
});

async function open(trustedProxies = ['127.0.0.1', '::1']): Promise<void> {
  vi.stubEnv(SECRET_ENV, SECRET);
  const { log, entries } = capturingLogger('debug');
  logs = entries;
  t = createTestApp({
    configFile: fakes.configFile,
    log,
    configure: (config) => ({ ...config, github: { ...config.github!, webhooks: { secret: { env: SECRET_ENV }, trustedProxies } } }),
  });
  received = [];
  t.app.webhooks!.onAny((event) => void received.push(event));
  await t.app.start();
  github = new WebhookSender(new URL('api/github/webhooks', t.app.webUrl()!).toString(), SECRET, schemas);
}

const recorded = (): number => (t.app.store.db.prepare('SELECT COUNT(*) AS n FROM github_deliveries').get() as { n: number }).n;

describe('GitHub webhook deliveries', () => {
  it('hands a good delivery to the handlers once, with its id and event, and records the id', async () => {
    await open();
    const answer = await github.checkRun('a'.repeat(40), 'success');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('Handled\n');
    expect(received.map((e) => [e.id, e.name])).toEqual([[answer.delivery.id, 'check_run']]);
    expect((received[0]!.payload as { check_run: { conclusion: string } }).check_run.conclusion).toBe('success');
    expect(recorded()).toBe(1);
    const line = logs.find((l) => l.msg === 'github webhook');
    expect(line).toMatchObject({ event: 'check_run', delivery: answer.delivery.id, action: 'completed' });
  });

  it('handles a redelivery (same id) once and says so', async () => {
    await open();
    const first = await github.push('release-v0.5.0', 'b'.repeat(40));
    const again = await github.send(first.delivery);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.text).toBe('Already handled\n');
    expect(received).toHaveLength(1);
    expect(recorded()).toBe(1);
  });

  it('handles two copies of one delivery arriving at once once', async () => {
    await open();
    let release!: () => void;
    const busy = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    t.app.webhooks!.on('status', async () => {
      calls += 1;
      await busy;
    });
    const delivery = await github.delivery('status', undefined, { sha: '2'.repeat(40), state: 'success', context: 'ci/build' });
    const first = github.send(delivery);
    // The second copy is sent once the first is being handled (its id already claimed).
    await vi.waitFor(() => expect(calls).toBe(1));
    const second = await github.send(delivery);
    release();
    expect([(await first).text, second.text]).toEqual(['Handled\n', 'Already handled\n']);
    expect(calls).toBe(1);
  });

  it('refuses a wrong signature, a signature by another secret and an unsigned request with 401, changing nothing', async () => {
    await open();
    const delivery = await github.delivery('check_run', 'completed', { check_run: { head_sha: 'c'.repeat(40), status: 'completed', conclusion: 'success' } });
    const before = t.snapshot();
    const otherSecret = new WebhookSender(github.url, 'another-secret-entirely', schemas);
    const forged = await otherSecret.delivery('check_run', 'completed', {});
    expect((await github.send(delivery, { signature: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
    expect((await github.send(delivery, { signature: forged.signature })).status).toBe(401);
    expect((await github.send(delivery, { signature: 'sha1=abc' })).status).toBe(401);
    expect((await github.send({ ...delivery, body: delivery.body.replace('success', 'failure') })).status).toBe(401);
    expect((await github.send(delivery, { signature: null })).status).toBe(401);
    expect(received).toEqual([]);
    expect(t.snapshot()).toEqual(before);
    // The untouched delivery still goes through afterwards: nothing about its id was kept.
    expect((await github.send(delivery)).status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('ignores a delivery about another repository before any handler sees it', async () => {
    await open();
    const before = t.snapshot();
    const answer = await github.deliver('push', undefined, { ref: 'refs/heads/release-v0.5.0', after: 'd'.repeat(40) }, 'someone/else');
    expect(answer.status).toBe(202);
    expect(answer.text).toBe('Ignored: not about ipfs/go-ipfs\n');
    expect(received).toEqual([]);
    expect(t.snapshot()).toEqual(before);
  });

  it('refuses a body over the cap with 413, recording nothing, and stays responsive', async () => {
    await open();
    const before = t.snapshot();
    const big = await github.delivery('push', undefined, { ref: 'refs/heads/master', after: 'e'.repeat(40), head_commit: null, commits: [], padding: 'x'.repeat(1024 * 1024) });
    expect((await github.send(big)).status).toBe(413);
    // No Content-Length, a body that never ends: refused once the cap is passed, not read to its end.
    const endless = await github.endless();
    expect(endless.status).toBe(413);
    expect(endless.written).toBeLessThan(16 * 1024 * 1024);
    expect(received).toEqual([]);
    expect(t.snapshot()).toEqual(before);
    expect((await fetch(t.app.webUrl()!)).status).toBe(200);
    expect((await github.push('master', 'f'.repeat(40))).status).toBe(200);
  });

  it('answers 400 to missing or invalid GitHub headers and 405 to other methods', async () => {
    await open();
    const delivery = await github.delivery('ping', undefined, {});
    expect((await github.send(delivery, { headers: { 'X-GitHub-Event': undefined } })).status).toBe(400);
    expect((await github.send(delivery, { headers: { 'X-GitHub-Event': 'Push Event' } })).status).toBe(400);
    expect((await github.send(delivery, { headers: { 'X-GitHub-Delivery': undefined } })).status).toBe(400);
    expect((await github.send(delivery, { headers: { 'X-GitHub-Delivery': 'a b' } })).status).toBe(400);
    expect((await github.send(delivery, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(400);
    const get = await github.send(delivery, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers['allow']).toBe('POST');
    expect(received).toEqual([]);
    expect(recorded()).toBe(0);
  });

  it('rate-limits each client address with 429 and Retry-After, and lets it in again as time passes', async () => {
    await open();
    const delivery = await github.delivery('ping', undefined, {});
    const unsigned = () => github.send(delivery, { signature: null });
    for (let i = 0; i < 60; i++) expect((await unsigned()).status).toBe(401);
    const limited = await unsigned();
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    // A good delivery from the same address waits its turn too, and changes nothing meanwhile.
    expect((await github.send(delivery)).status).toBe(429);
    expect(received).toEqual([]);
    // Behind a reverse proxy on this machine, the proxy's X-Forwarded-For names the client.
    expect((await github.send(delivery, { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status).toBe(200);
    await t.clock.advanceBy(1_000);
    expect((await unsigned()).status).toBe(401);
    expect((await unsigned()).status).toBe(429);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    await open(['192.0.2.1']);
    const delivery = await github.delivery('ping', undefined, {});
    for (let i = 0; i < 60; i++) await github.send(delivery, { signature: null });
    // From loopback, now not a trusted proxy, the header is the client's own claim: the limit holds.
    expect((await github.send(delivery, { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status).toBe(429);
  });

  it('keeps a delivery whose handling failed open, so GitHub\'s redelivery is handled', async () => {
    await open();
    let fail = true;
    t.app.webhooks!.on('push', () => {
      if (fail) throw new Error('the desk was busy');
    });
    const first = await github.push('release-v0.5.0', '1'.repeat(40));
    expect(first.status).toBe(500);
    expect(recorded()).toBe(0);
    fail = false;
    const again = await github.send(first.delivery);
    expect(again.status).toBe(200);
    expect(again.text).toBe('Handled\n');
    expect(recorded()).toBe(1);
  });

  it('never writes the secret or a payload to the log', async () => {
    await open();
    const delivery = await github.delivery('issues', 'edited', { changes: {}, issue: { title: 'Release v0.5.0 payload-marker' } });
    await github.send(delivery);
    await github.send(delivery, { signature: `sha256=${'1'.repeat(64)}` });
    await github.send(delivery, { signature: null });
    const text = JSON.stringify(logs);
    expect(logs.some((l) => l.msg === 'github webhook' && l['delivery'] === delivery.id && l['event'] === 'issues')).toBe(true);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('payload-marker');
  });
});

describe('without github.webhooks', () => {
  it('has no webhook endpoint and no Webhooks instance', async () => {
    t = createTestApp({ configFile: fakes.configFile });
    await t.app.start();
    expect(t.app.webhooks).toBeNull();
    const res = await fetch(new URL('api/github/webhooks', t.app.webUrl()!), { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
