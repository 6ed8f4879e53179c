/**
 * Crash injection for the integration tests: build the real app (config/default.yaml, system clock) on
 * DATA_DIR, start v0.5.0 as the lead, and SIGKILL this process during the first delivery:
 *
 *   node --import tsx test/helpers/crash-run.ts DATA_DIR before-post   # killed before anything is posted
 *   node --import tsx test/helpers/crash-run.ts DATA_DIR after-post    # killed after posting, before the
 *                                                                       # outbox records the delivery
 *
 * An optional third argument names another config file (the live GitHub/Twitter tests' fakes).
 *
 * The change and its posts are committed before the kill in both modes. Exits 3 if no delivery happened
 * (so a test cannot mistake "never crashed" for "crashed"), 64 on bad arguments.
 */
import { ALL_NETWORK_MODULES } from './network-modules.js';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { createApp } from '../../src/app.js';
import { renderPlain } from '../../src/commands-kit/render-plain.js';
import { loadConfigFile } from '../../src/config/load.js';
import { silentLogger } from '../../src/log/logger.js';
import { Roster } from '../../src/people/roster.js';
import type { Publisher } from '../../src/publish/publisher.js';
import { AdjustableClock } from '../../src/ground/clock.js';
import { DEFAULT_CONFIG_FILE } from './test-app.js';

const [dataDir, mode, configFile = DEFAULT_CONFIG_FILE] = process.argv.slice(2);
if (!dataDir || (mode !== 'before-post' && mode !== 'after-post')) {
  process.stderr.write('usage: node --import tsx test/helpers/crash-run.ts DATA_DIR before-post|after-post [CONFIG]\n');
  process.exit(64);
}

const die = (): Promise<never> => {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL cannot be caught; never settle, so nothing after the kill can run even for an instant.
  return new Promise<never>(() => undefined);
};

let delivered = false;
const crashOnFirstDelivery = (inner: Publisher): Publisher => ({
  destination: inner.destination,
  targets: (audience) => inner.targets(audience),
  async deliver(effect) {
    if (delivered) return inner.deliver(effect);
    delivered = true;
    if (mode === 'before-post') return die();
    await inner.deliver(effect);
    return die();
  },
});

const loaded = loadConfigFile(configFile);
const app = createApp({
  modules: ALL_NETWORK_MODULES,
  loaded,
  dataDir: resolve(dataDir),
  log: silentLogger(),
  clock: AdjustableClock.system(),
  io: { input: new PassThrough(), output: process.stdout, interactive: false },
  decoratePublisher: crashOnFirstDelivery,
});
await app.start();
const lead = new Roster(loaded.config).identify('shell', 'lead', 'lead');
const reply = await app.dispatcher.handle('!release new v0.5.0', lead);
if (reply) process.stdout.write(renderPlain(reply).map((l) => `${l}\n`).join(''));
await app.worker.idle();
process.stderr.write(`crash-run: still alive after the deliveries (${delivered ? 'delivered' : 'nothing delivered'})\n`);
process.exit(3);
