/**
 * The webhook endpoint against generated requests over real HTTP (the route on the app's own HTTP server,
 * the delivery ids in a real SQLite store): whatever the headers and body, a request that is not signed
 * with the secret over exactly its body is refused with 400, 401 or 413, no handler runs and no id is
 * recorded; a correctly signed one about the project's repository is handled exactly once.
 */
import fc from 'fast-check';
import { Webhooks } from '@octokit/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log/logger.js';
import { openDatabase } from '../../../src/store/database.js';
import { WebhookDeliveryRepo } from '../../../src/store/webhook-delivery-repo.js';
import { githubWebhookRoute, GITHUB_WEBHOOK_PATH } from '../../../src/web/github-webhook-route.js';
import { createHttpServer, type HttpServer } from '../../../src/web/http-server.js';
import { RateLimiter } from '../../../src/web/rate-limit.js';
import { hostileText } from '../arbitraries.js';

const SECRET = 'hostile-suite-webhook-secret';
const MAX = 4096;

let server: HttpServer;
let url: string;
let deliveries: WebhookDeliveryRepo;
let handled: string[];
const webhooks = new Webhooks({ secret: SECRET });

beforeAll(async () => {
  const db = openDatabase(':memory:');
  deliveries = new WebhookDeliveryRepo(db);
  handled = [];
  webhooks.onAny((event) => void handled.push(event.id));
  const route = githubWebhookRoute({
    webhooks,
    deliveries,
    repo: 'ipfs/go-ipfs',
    // The rate limit has tests of its own; here every request must reach the checks behind it.
    limiter: new RateLimiter({ burst: 1e9, perMinute: 1e9, maxClients: 10, now: () => 0 }),
    now: () => 0,
    log: silentLogger(),
    maxBodyBytes: MAX,
  });
  server = createHttpServer({ host: '127.0.0.1', port: 0, routes: { [GITHUB_WEBHOOK_PATH]: route }, log: silentLogger() });
  url = new URL(GITHUB_WEBHOOK_PATH.slice(1), await server.start()).toString();
});
afterAll(() => server.stop());

const count = (): number => handled.length;

const header = fc.oneof(fc.constant(undefined), hostileText(80), fc.stringMatching(/^[a-z_]{1,20}$/), fc.uuid());
const signatureOf = fc.oneof(
  fc.constant(undefined),
  hostileText(80),
  fc.stringMatching(/^sha256=[0-9a-f]{64}$/),
  fc.constant('sha1=0123456789abcdef0123456789abcdef01234567'),
);
const body = fc.oneof(
  hostileText(200),
  fc.json().map(String),
  fc.constant(JSON.stringify({ repository: { full_name: 'ipfs/go-ipfs' } })),
  fc.nat({ max: 3 * MAX }).map((n) => 'x'.repeat(n)),
);

async function post(headers: Record<string, string | undefined>, text: string): Promise<number> {
  const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined && !/[\r\n\u0000-\u001f\u007f-\uffff]/.test(e[1])));
  const res = await fetch(url, { method: 'POST', headers: sent, body: text });
  await res.arrayBuffer();
  return res.status;
}

describe('the webhook endpoint under hostile requests', () => {
  it('refuses anything not signed over its exact body, recording and dispatching nothing', async () => {
    await fc.assert(
      fc.asyncProperty(signatureOf, header, header, fc.oneof(fc.constant('application/json'), hostileText(40)), body, async (signature, event, delivery, type, text) => {
        const before = count();
        const status = await post({ 'X-Hub-Signature-256': signature, 'X-GitHub-Event': event, 'X-GitHub-Delivery': delivery, 'Content-Type': type }, text);
        expect([400, 401, 413]).toContain(status);
        expect(count()).toBe(before);
        if (delivery !== undefined && /^[A-Za-z0-9-]{1,100}$/.test(delivery)) expect(deliveries.has(delivery)).toBe(false);
      }),
    );
  });

  it('handles a correctly signed delivery about the project once, whatever else its payload holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), async (id, extra) => {
        const payload = JSON.stringify({ ...extra, repository: { full_name: 'ipfs/go-ipfs' } });
        const signature = await webhooks.sign(payload);
        const headers = { 'X-Hub-Signature-256': signature, 'X-GitHub-Event': 'push', 'X-GitHub-Delivery': id, 'Content-Type': 'application/json' };
        const expected = Buffer.byteLength(payload) > MAX ? 413 : 200;
        expect(await post(headers, payload)).toBe(expected);
        expect(await post(headers, payload)).toBe(expected);
        expect(handled.filter((h) => h === id)).toHaveLength(expected === 200 ? 1 : 0);
      }),
    );
  });
});
