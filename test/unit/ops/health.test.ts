/**
 * /healthz on the whole app (createApp) with IRC configured, against the fake IRC server: healthy only
 * while the store answers and the network is connected, and the body names what is down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { parseConfig } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/log/logger.js';
import { checkHealth } from '../../../src/ops/health.js';
import { opsRoutes } from '../../../src/ops/ops-routes.js';
import { AdjustableClock } from '../../../src/ground/clock.js';
import { createTestApp } from '../../helpers/test-app.js';
import { ALL_NETWORK_MODULES } from '../../helpers/network-modules.js';
import { parseMetrics, serveRoutes, type Served } from '../../helpers/serve-routes.js';
import { FakeIrcd } from '../chat/irc/fake-ircd.js';
import { BOT_PASSWORD, eventually, T0 } from '../chat/irc/irc-test-kit.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../config/', import.meta.url));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function ircApp(port: number): App {
  const dataDir = mkdtempSync(join(tmpdir(), 'stagehand-health-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = parseConfig(`
project: { name: go-ipfs, repo: ipfs/go-ipfs }
cadence: { anchor: "2019-09-09" }
templates: { dir: ${join(CONFIG_DIR, 'templates')}, checklist: ${join(CONFIG_DIR, 'release-checklist.md')} }
chat:
  irc:
    host: 127.0.0.1
    port: ${port}
    tls: false
    nick: stagehand
    sasl: { account: stagehand, password: { env: IRC_PASSWORD } }
    channels: { release: ["#release"] }
`);
  const app = createApp({
    modules: ALL_NETWORK_MODULES,
    loaded: { config, baseDir: dataDir, file: join(dataDir, 'config.yaml') },
    dataDir,
    log: silentLogger(),
    clock: AdjustableClock.manual(T0),
    io: { input: new PassThrough(), output: new PassThrough(), interactive: false },
    env: { IRC_PASSWORD: BOT_PASSWORD },
  });
  cleanups.push(() => app.stop());
  return app;
}

async function serve(app: App): Promise<Served> {
  const served = await serveRoutes(opsRoutes({ store: app.store, networks: app.networks, registry: app.metrics!.registry }));
  cleanups.push(() => served.close());
  return served;
}

describe('/healthz', () => {
  it('is 200 in local mode while the store answers, and 503 naming the store once it is closed', async () => {
    const t = createTestApp();
    cleanups.push(() => t.close());
    const http = await serve(t.app);
    expect(await http.get('/healthz')).toEqual({ status: 200, type: 'application/json; charset=utf-8', text: '{"ok":true,"store":"ok"}\n' });

    t.app.store.close();
    const down = await http.get('/healthz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toEqual({ ok: false, store: 'down' });
  });

  it('follows the IRC connection: 503 before it is up, 200 once registered, 503 naming irc after a drop', async () => {
    const ircd = await FakeIrcd.start({ accounts: { stagehand: BOT_PASSWORD } });
    cleanups.push(() => ircd.close());
    const app = ircApp(ircd.port);
    const http = await serve(app);

    expect(await http.get('/healthz')).toMatchObject({ status: 503, text: '{"ok":false,"store":"ok","irc":"disconnected"}\n' });
    await app.start();
    expect(await http.get('/healthz')).toMatchObject({ status: 200, text: '{"ok":true,"store":"ok","irc":"ok"}\n' });
    expect(parseMetrics((await http.get('/metrics')).text).get('stagehand_network_connected{network="irc"}')).toBe(1);

    // The bot reconnects after a backoff on the (manual) clock, which this test does not move.
    ircd.dropAll();
    await eventually(() => !app.networks[0]!.connected());
    expect(await http.get('/healthz')).toMatchObject({ status: 503, text: '{"ok":false,"store":"ok","irc":"disconnected"}\n' });
    expect(parseMetrics((await http.get('/metrics')).text).get('stagehand_network_connected{network="irc"}')).toBe(0);
  });

  it('names every network that is down, and the store, at once', () => {
    const network = (name: 'matrix' | 'irc', up: boolean) => ({ adapter: { network: name } as never, connected: () => up });
    const t = createTestApp();
    cleanups.push(() => t.close());
    expect(checkHealth({ store: t.app.store, networks: [network('matrix', false), network('irc', true)] })).toEqual({
      ok: false,
      store: 'ok',
      matrix: 'disconnected',
      irc: 'ok',
    });
  });
});
