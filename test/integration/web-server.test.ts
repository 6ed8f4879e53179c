/**
 * The app's own HTTP server, as createApp builds it from config/default.yaml (the `web:` section, on the
 * free port the test suite asks for with STAGEHAND_WEB_PORT=0), fetched over real HTTP.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/web/http-server.js';
import { silentLogger } from '../../src/log/logger.js';
import { seedEveryStage } from '../helpers/status-seed.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = createTestApp();
  await seedEveryStage(t);
  await t.app.start();
  base = t.app.webUrl() ?? '';
});
afterAll(() => t.close());

function call(method: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

describe('the status server', () => {
  it('listens on loopback at the port it was given (0: a free one)', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(base).not.toBe('http://127.0.0.1:8377/');
  });

  it('serves the page, the calendar and the JSON', async () => {
    const page = await fetch(base);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('data-version="v0.5.0"');

    const ics = await fetch(new URL('calendar.ics', base));
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await ics.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text).toContain('UID:release.v0.5.0@stagehand');

    const api = await fetch(new URL('api/releases?x=1', base));
    expect(api.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const json = (await api.json()) as { active: { version: string }[]; recent: { version: string }[] };
    expect(json.active.map((r) => r.version)).toEqual(['v0.4.2', 'v0.5.0', 'v0.6.0', 'v0.7.0']);
    expect(json.recent.map((r) => r.version)).toEqual(['v0.4.1', 'v0.4.0']);
  });

  it('answers HEAD with headers only, 405 to other methods and 404 to other paths', async () => {
    const head = await call('HEAD', '/');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(1000);
    const post = await call('POST', '/api/releases');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
    for (const path of ['/nope', '/api/releases/', '/calendar.ics/x', '/constructor', '/__proto__']) expect((await call('GET', path)).status).toBe(404);
  });

  it('reads the desk on every request: a change shows up on the next fetch', async () => {
    await t.say('!release abort v0.7.0 changed our minds');
    const json = (await (await fetch(new URL('api/releases', base))).json()) as { active: { version: string }[] };
    expect(json.active.map((r) => r.version)).not.toContain('v0.7.0');
  });
});

describe('createHttpServer', () => {
  it('turns a failing handler into a 500 and keeps serving', async () => {
    const server = createHttpServer({
      host: '127.0.0.1',
      port: 0,
      log: silentLogger(),
      routes: {
        '/boom': () => {
          throw new Error('boom');
        },
        '/ok': (_req, res) => void res.end('fine'),
      },
    });
    const url = await server.start();
    try {
      expect((await fetch(new URL('boom', url))).status).toBe(500);
      expect(await (await fetch(new URL('ok', url))).text()).toBe('fine');
    } finally {
      await server.stop();
    }
  });

  it('reports a port already in use when starting', async () => {
    const first = createHttpServer({ host: '127.0.0.1', port: 0, log: silentLogger(), routes: {} });
    const url = await first.start();
    const second = createHttpServer({ host: '127.0.0.1', port: Number(new URL(url).port), log: silentLogger(), routes: {} });
    await expect(second.start()).rejects.toThrow(/EADDRINUSE/);
    await first.stop();
  });
});

describe('the operations endpoints on the same server', () => {
  it('reports health: the store answers and the shell-only app has no network to wait for', async () => {
    const res = await fetch(new URL('healthz', base));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, store: 'ok' });
  });

  it('serves Prometheus metrics that count the commands it handled', async () => {
    await t.say('!release status', 'lead');
    const res = await fetch(new URL('metrics', base));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^stagehand_commands_total\{command="release status",outcome="ok"\} [1-9]/m);
    expect(text).toContain('# TYPE stagehand_reply_latency_seconds histogram');
    expect(text).toMatch(/^stagehand_outbox_pending\{destination="[a-z]+"\} \d+/m);
  });
});
