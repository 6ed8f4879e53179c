/**
 * Deliveries GitHub signs but whose body is not what the event promises, and the events GitHub sends that
 * Stagehand does not react to, sent over real HTTP to the running app: each gets a plain 2xx or 4xx,
 * never a 500 that asks for a redelivery that would fail alike, and the app goes on handling deliveries.
 */
import { randomUUID } from 'node:crypto';
import { Webhooks } from '@octokit/webhooks';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebhookSchemas } from '../fakes/webhook-schemas.js';
import { WebhookSender, type Answer } from '../fakes/webhook-sender.js';
import { capturingLogger, type LogEntry } from '../helpers/capturing-logger.js';
import type { LiveFakes } from '../helpers/live-fakes.js';
import { liveFakesForEachTest, oneCommitOnMaster } from '../helpers/live-fakes-each-test.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

const SECRET = 'whsec-for-the-shapes-test-41d2';
const SECRET_ENV = 'STAGEHAND_TEST_WEBHOOK_SECRET';
const REPOSITORY = { full_name: 'ipfs/go-ipfs', name: 'go-ipfs', owner: { login: 'ipfs' } };

let schemas: WebhookSchemas;
let fakes: LiveFakes;
let t: TestApp;
let logs: LogEntry[];
let github: WebhookSender;
const signer = new Webhooks({ secret: SECRET });

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

async function open(): Promise<void> {
  vi.stubEnv(SECRET_ENV, SECRET);
  const { log, entries } = capturingLogger('debug');
  logs = entries;
  t = createTestApp({
    configFile: fakes.configFile,
    log,
    configure: (config) => ({ ...config, github: { ...config.github!, webhooks: { secret: { env: SECRET_ENV }, trustedProxies: ['127.0.0.1', '::1'] } } }),
  });
  await t.app.start();
  github = new WebhookSender(new URL('api/github/webhooks', t.app.webUrl()!).toString(), SECRET, schemas);
}

/** A delivery of exactly `payload`, correctly signed: what GitHub would send if that were the body. */
async function signed(event: string, payload: unknown, headers?: Record<string, string>): Promise<Answer> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return github.send({ id: randomUUID(), event, body, signature: await signer.sign(body) }, { headers });
}

describe('signed deliveries GitHub would not send as they are', () => {
  it.each([
    ['check_run', { action: 'completed', repository: REPOSITORY }],
    ['check_suite', { action: 'completed', repository: REPOSITORY, check_suite: { head_sha: 42 } }],
    ['status', { repository: REPOSITORY, sha: 'not-a-commit' }],
    ['push', { repository: REPOSITORY, after: 'a'.repeat(40) }],
    ['issues', { action: 'edited', changes: { body: { from: '' } }, repository: REPOSITORY, issue: { number: '7' } }],
  ])('a %s delivery missing the fields of its event is answered 200 and ignored, not 500', async (event, payload) => {
    await open();
    const answer = await signed(event, payload);
    expect(answer.status).toBe(200);
    expect(logs.some((l) => l.msg === 'webhook delivery ignored: not shaped like its event' && l['event'] === event)).toBe(true);
    expect(logs.some((l) => l.msg === 'github webhook: handling failed')).toBe(false);
    // Still serving: a well-formed delivery after it is handled.
    expect((await github.checkRun('c'.repeat(40), 'success')).status).toBe(200);
  });

  it('answers ping (sent when a hook is created) 200, and 202 when it names no repository (an App hook)', async () => {
    await open();
    expect((await signed('ping', { zen: 'Keep it logically awesome.', hook_id: 1, repository: REPOSITORY })).status).toBe(200);
    expect((await signed('ping', { zen: 'Keep it logically awesome.', hook_id: 1 })).status).toBe(202);
  });

  it('answers an event it does not react to 200', async () => {
    await open();
    expect((await signed('installation', { action: 'deleted', repository: REPOSITORY })).status).toBe(200);
  });

  it('refuses the form-encoded content type with 400 and a reason that names the fix', async () => {
    await open();
    const body = `payload=${encodeURIComponent(JSON.stringify({ zen: 'x', repository: REPOSITORY }))}`;
    const answer = await signed('ping', body, { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('application/json');
    expect(t.app.store.db.prepare('SELECT COUNT(*) AS n FROM github_deliveries').get()).toEqual({ n: 0 });
  });
});
