/**
 * Slow clients against the webhook endpoint over real sockets (slowloris): a connection that never
 * finishes its headers, or sends its headers and then only part of its body, is cut off once the server's
 * request timeouts run out, and frees nothing it should not: the delivery id of a half-sent body is never
 * recorded. Connections over the cap are closed at once. The timeouts here are short ones; the app uses
 * REQUEST_TIMEOUTS.
 */
import { connect, type Socket } from 'node:net';
import { Webhooks } from '@octokit/webhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { openDatabase } from '../../src/store/database.js';
import { WebhookDeliveryRepo } from '../../src/store/webhook-delivery-repo.js';
import { GITHUB_WEBHOOK_PATH, githubWebhookRoute } from '../../src/web/github-webhook-route.js';
import { createHttpServer, REQUEST_TIMEOUTS, type HttpServer } from '../../src/web/http-server.js';
import { RateLimiter } from '../../src/web/rate-limit.js';

const SECRET = 'slow-client-test-secret';
let server: HttpServer | null = null;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.stop();
  server = null;
});

async function start(maxConnections?: number, timeouts = { headersMs: 300, requestMs: 600 }): Promise<{ port: number; deliveries: WebhookDeliveryRepo }> {
  const deliveries = new WebhookDeliveryRepo(openDatabase(':memory:'));
  const route = githubWebhookRoute({
    webhooks: new Webhooks({ secret: SECRET }),
    deliveries,
    repo: 'ipfs/go-ipfs',
    limiter: new RateLimiter({ burst: 100, perMinute: 100, maxClients: 10, now: () => 0 }),
    now: () => 0,
    log: silentLogger(),
  });
  server = createHttpServer({ host: '127.0.0.1', port: 0, routes: { [GITHUB_WEBHOOK_PATH]: route }, log: silentLogger(), timeouts, maxConnections });
  return { port: Number(new URL(await server.start()).port), deliveries };
}

/** A raw connection that writes `text` and records when the server closes it. */
function open(port: number, text: string): Promise<{ socket: Socket; closed: () => boolean }> {
  return new Promise((resolve) => {
    let closed = false;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(text);
      resolve({ socket, closed: () => closed });
    });
    socket.on('error', () => undefined).on('close', () => (closed = true)).resume();
    sockets.push(socket);
  });
}

const HEADERS = (length: number): string =>
  `POST ${GITHUB_WEBHOOK_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-GitHub-Event: ping\r\n` +
  `X-GitHub-Delivery: 72d3162e-cc78-11e3-81ab-4c9367dc0958\r\nX-Hub-Signature-256: sha256=${'0'.repeat(64)}\r\nContent-Length: ${length}\r\n\r\n`;

// Bounded polls (a real socket is involved); well past the short timeouts, far below Node's defaults.
const WITHIN = { timeout: 5_000, interval: 50 };

describe('slow clients', () => {
  it('cuts off a connection whose headers never end', async () => {
    const { port } = await start();
    const slow = await open(port, `POST ${GITHUB_WEBHOOK_PATH} HTTP/1.1\r\nHost: x\r\n`);
    await vi.waitFor(() => expect(slow.closed()).toBe(true), WITHIN);
  });

  it('cuts off a connection that sends nothing at all', async () => {
    const { port } = await start();
    const idle = await open(port, '');
    await vi.waitFor(() => expect(idle.closed()).toBe(true), WITHIN);
  });

  it('cuts off a body that stops half way, recording nothing', async () => {
    const { port, deliveries } = await start();
    const half = await open(port, `${HEADERS(100)}{"zen":`);
    await vi.waitFor(() => expect(half.closed()).toBe(true), WITHIN);
    expect(deliveries.has('72d3162e-cc78-11e3-81ab-4c9367dc0958')).toBe(false);
  });

  it('closes connections over the cap as they arrive, and serves again once one is gone', async () => {
    // Timeouts far longer than the poll: only the cap can close a connection here.
    const { port } = await start(2, { headersMs: 20_000, requestMs: 30_000 });
    const held = [await open(port, 'POST'), await open(port, 'POST')];
    const extra = await open(port, 'POST');
    await vi.waitFor(() => expect(extra.closed()).toBe(true), { timeout: 2_000, interval: 20 });
    expect(held.map((h) => h.closed())).toEqual([false, false]);
    held[0]!.socket.destroy();
    await vi.waitFor(() => expect(held[0]!.closed()).toBe(true), WITHIN);
    await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${port}${GITHUB_WEBHOOK_PATH}`, { method: 'POST' })).status).toBe(401), WITHIN);
  });

  it('uses timeouts of seconds, not Node\'s minutes', () => {
    expect(REQUEST_TIMEOUTS.headersMs).toBeLessThanOrEqual(10_000);
    expect(REQUEST_TIMEOUTS.requestMs).toBeLessThanOrEqual(30_000);
  });
});
