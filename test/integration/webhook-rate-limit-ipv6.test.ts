/**
 * The webhook endpoint's rate limit against a client that moves through addresses: an IPv6 host owns a
 * whole /64 and can use a new address for each request, so a new address in the same /64 must not bring a
 * fresh bucket. Over real HTTP through a trusted proxy (X-Forwarded-For), as behind the documented nginx.
 */
import { Webhooks } from '@octokit/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { openDatabase } from '../../src/store/database.js';
import { WebhookDeliveryRepo } from '../../src/store/webhook-delivery-repo.js';
import { GITHUB_WEBHOOK_PATH, githubWebhookRoute } from '../../src/web/github-webhook-route.js';
import { createHttpServer, type HttpServer } from '../../src/web/http-server.js';
import { RateLimiter, rateKeyOf } from '../../src/web/rate-limit.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function endpoint(): Promise<string> {
  const route = githubWebhookRoute({
    webhooks: new Webhooks({ secret: 'ipv6-rate-limit-secret' }),
    deliveries: new WebhookDeliveryRepo(openDatabase(':memory:')),
    repo: 'ipfs/go-ipfs',
    limiter: new RateLimiter({ burst: 2, perMinute: 1, maxClients: 100, now: () => 0 }),
    now: () => 0,
    log: silentLogger(),
  });
  server = createHttpServer({ host: '127.0.0.1', port: 0, routes: { [GITHUB_WEBHOOK_PATH]: route }, log: silentLogger() });
  return new URL(GITHUB_WEBHOOK_PATH.slice(1), await server.start()).toString();
}

async function statusFrom(url: string, client: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'X-Forwarded-For': client }, body: '{}' });
  await res.arrayBuffer();
  return res.status;
}

describe('rate limit per client', () => {
  it('counts every address of one IPv6 /64 against one bucket', async () => {
    const url = await endpoint();
    const statuses = [];
    for (const client of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:0db8:1:2:ffff::3', '2001:db8:1:2:aaaa:bbbb:cccc:dddd']) statuses.push(await statusFrom(url, client));
    // Unsigned, so let through the limit means 401; the third and later from the same /64 are held back.
    expect(statuses).toEqual([401, 401, 429, 429]);
    expect(await statusFrom(url, '2001:db8:1:3::1')).toBe(401);
  });

  it('keeps IPv4 addresses apart', async () => {
    const url = await endpoint();
    const statuses = [];
    for (const client of ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2']) statuses.push(await statusFrom(url, client));
    expect(statuses).toEqual([401, 401, 429, 401]);
  });

  it.each([
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['2001:DB8:0001:0002:3:4:5:6', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['2001:db8:1:2:3:4::', '2001:db8:1:2::/64'],
  ])('keys %s as %s', (address, key) => {
    expect(rateKeyOf(address)).toBe(key);
  });
});
