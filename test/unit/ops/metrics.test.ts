/**
 * /metrics after real commands through the whole app (createTestApp) and real deliveries through the
 * outbox worker; the GitHub publisher is wrapped to rate-limit once and to fail one action for good.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Publisher } from '../../../src/publish/publisher.js';
import { opsRoutes } from '../../../src/ops/ops-routes.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { parseMetrics, serveRoutes, type Served } from '../../helpers/serve-routes.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** GitHub answers the first attempt with a rate limit, and refuses to open the release issue. */
function flakyGithub(publisher: Publisher): Publisher {
  if (publisher.destination !== 'github') return publisher;
  let limited = false;
  return {
    destination: publisher.destination,
    targets: (audience) => publisher.targets(audience),
    async deliver(entry) {
      if (!limited) {
        limited = true;
        return { kind: 'retry', reason: 'rate limited', afterMs: 60_000 };
      }
      if (entry.payload.action === 'open-issue') return { kind: 'failed', reason: 'issues are disabled' };
      return publisher.deliver(entry);
    },
  };
}

async function start(): Promise<{ t: TestApp; http: Served; scrape: () => Promise<Map<string, number>> }> {
  const t = createTestApp({ decoratePublisher: flakyGithub });
  const http = await serveRoutes(opsRoutes({ store: t.app.store, networks: t.app.networks, registry: t.app.metrics!.registry }));
  cleanups.push(() => t.close(), () => http.close());
  return {
    t,
    http,
    async scrape() {
      const response = await http.get('/metrics');
      expect(response.status).toBe(200);
      expect(response.type).toMatch(/^text\/plain; version=0\.0\.4/);
      return parseMetrics(response.text);
    },
  };
}

describe('/metrics', () => {
  it('counts commands by name and outcome, deliveries by destination and outcome, and reads the backlog', async () => {
    const { t, scrape } = await start();
    await t.say('!release new v0.5.0');
    await t.say('!release new v0.6.0', 'guest');
    await t.say('!release advance --bogus');
    await t.say('!relase status');
    await t.say('!help', 'infura');

    let m = await scrape();
    expect(m.get('stagehand_commands_total{command="release new",outcome="ok"}')).toBe(1);
    expect(m.get('stagehand_commands_total{command="release new",outcome="refused"}')).toBe(1);
    expect(m.get('stagehand_commands_total{command="release advance",outcome="refused"}')).toBe(1);
    expect(m.get('stagehand_commands_total{command="(unknown)",outcome="unknown"}')).toBe(1);
    expect(m.get('stagehand_commands_total{command="help",outcome="ok"}')).toBe(1);
    // GitHub's first attempt was rate limited: its three effects wait, and the backlog says so.
    expect(m.get('stagehand_effects_total{destination="github",outcome="retry"}')).toBe(1);
    expect(m.get('stagehand_outbox_pending{destination="github"}')).toBe(3);
    expect(m.get('stagehand_outbox_pending{destination="matrix"}')).toBe(0);
    // Local mode has no chat networks to report.
    expect([...m.keys()].some((k) => k.startsWith('stagehand_network_connected'))).toBe(false);

    await t.clock.advanceBy(60_000);
    await t.app.worker.idle();
    m = await scrape();
    expect(m.get('stagehand_effects_total{destination="github",outcome="delivered"}')).toBe(2);
    expect(m.get('stagehand_effects_total{destination="github",outcome="failed"}')).toBe(1);
    expect(m.get('stagehand_outbox_pending{destination="github"}')).toBe(0);
    // The failed issue is reported to the leads in the release room (a dry-run Matrix and IRC post each).
    expect(m.get('stagehand_effects_total{destination="matrix",outcome="delivered"}')).toBe(1);
    expect(m.get('stagehand_effects_total{destination="irc",outcome="delivered"}')).toBe(1);
  });

  it('puts reply latency, from when the message was sent, into the histogram buckets', async () => {
    const { t, scrape } = await start();
    const lead = t.person('lead');
    await t.app.dispatcher.handle('!help', lead, t.clock.now() - 1_500);
    await t.app.dispatcher.handle('!help', lead, t.clock.now() - 20);
    expect(await t.app.dispatcher.handle('hello there', lead, t.clock.now() - 99_000)).toBeNull();

    const m = await scrape();
    expect(m.get('stagehand_reply_latency_seconds_count')).toBe(2);
    expect(m.get('stagehand_reply_latency_seconds_sum')).toBeCloseTo(1.52);
    expect(m.get('stagehand_reply_latency_seconds_bucket{le="0.01"}')).toBe(0);
    expect(m.get('stagehand_reply_latency_seconds_bucket{le="0.025"}')).toBe(1);
    expect(m.get('stagehand_reply_latency_seconds_bucket{le="1"}')).toBe(1);
    expect(m.get('stagehand_reply_latency_seconds_bucket{le="2.5"}')).toBe(2);
    expect(m.get('stagehand_reply_latency_seconds_bucket{le="+Inf"}')).toBe(2);
  });

  it('counts a command that throws as an error, and answers 500 while the store cannot be read', async () => {
    const { t, http } = await start();
    t.app.store.close();
    const said = await t.say('!release new v0.5.0');
    expect(said.text).toMatch(/^Something went wrong running !release new \(reference \w+\)/);
    expect(await t.app.metrics!.registry.getSingleMetricAsString('stagehand_commands_total')).toContain(
      'stagehand_commands_total{command="release new",outcome="error"} 1',
    );
    const response = await http.get('/metrics');
    expect(response.status).toBe(500);
    expect(response.text).toMatch(/^metrics unavailable: .*not open/);
  });

  it('keeps each app’s metrics apart (no global registry)', async () => {
    const a = await start();
    const b = await start();
    await a.t.say('!help');
    expect((await a.scrape()).get('stagehand_commands_total{command="help",outcome="ok"}')).toBe(1);
    expect((await b.scrape()).get('stagehand_commands_total{command="help",outcome="ok"}')).toBeUndefined();
  });
});
