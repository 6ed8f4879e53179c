/**
 * The whole app (createApp, as src/main.ts builds it) with chat.irc configured, against the fake server:
 * the IRC network is wired in for commands, replies and posts.
 */
import { ALL_NETWORK_MODULES } from '../../../helpers/network-modules.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { createApp, type App } from '../../../../src/app.js';
import { parseConfig } from '../../../../src/config/load.js';
import { silentLogger } from '../../../../src/log/logger.js';
import { AdjustableClock } from '../../../../src/schedule/clock.js';
import { FakeIrcd } from './fake-ircd.js';
import { BOT_PASSWORD, eventually, T0 } from './irc-test-kit.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../../config/', import.meta.url));

let ircd: FakeIrcd;
let app: App;
let dataDir: string;
afterEach(async () => {
  await app?.stop();
  await ircd?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('runs a lead command from IRC, refuses the same nick without the account, and posts a notice once', async () => {
  ircd = await FakeIrcd.start({ accounts: { stagehand: BOT_PASSWORD } });
  dataDir = mkdtempSync(join(tmpdir(), 'stagehand-irc-app-'));
  const config = parseConfig(`
project: { name: go-ipfs, repo: ipfs/go-ipfs }
cadence: { anchor: "2019-09-09" }
templates: { dir: ${join(CONFIG_DIR, 'templates')}, checklist: ${join(CONFIG_DIR, 'release-checklist.md')} }
people:
  alice: { name: Alice, irc: alice }
leads: [alice]
chat:
  irc:
    host: 127.0.0.1
    port: ${ircd.port}
    tls: false
    nick: stagehand
    sasl: { account: stagehand, password: { env: IRC_PASSWORD } }
    channels: { release: ["#release"], announce: ["#announce"] }
`);
  const clock = AdjustableClock.manual(T0);
  app = createApp({
    modules: ALL_NETWORK_MODULES,
    loaded: { config, baseDir: dataDir, file: join(dataDir, 'config.yaml') },
    dataDir,
    log: silentLogger(),
    clock,
    io: { input: new PassThrough(), output: new PassThrough(), interactive: false },
    env: { IRC_PASSWORD: BOT_PASSWORD },
  });
  await app.start();
  expect(app.networks.map((n) => n.connected())).toEqual([true]);

  ircd.say({ nick: 'alice' }, '#release', '!release new v0.5.0');
  await ircd.until(() => ircd.privmsgs().length === 1);
  expect(ircd.privmsgs()[0]).toMatch(/^#release alice: !release new is for a release lead; alice is not one/);

  ircd.say({ nick: 'alice', account: 'alice' }, '#release', '!release new v0.5.0');
  await ircd.until(() => ircd.privmsgs().length === 4);
  expect(ircd.privmsgs()[1]).toMatch(/^#release alice: Started v0.5.0/);

  const before = ircd.privmsgs().length;
  expect(app.desk.notify({ key: 'remind:irc:1', text: 'Stage 0 of v0.5.0 is overdue.' })).toBe(true);
  expect(app.desk.notify({ key: 'remind:irc:1', text: 'Stage 0 of v0.5.0 is overdue.' })).toBe(false);
  // The two replies used the send queue's burst of 4 lines: the notice waits for the next token.
  await clock.advanceBy(1_000);
  await app.worker.idle();
  await ircd.sync();
  expect(ircd.privmsgs().slice(before)).toEqual(['#release alice: Stage 0 of v0.5.0 is overdue.']);
  await eventually(() => app.store.outbox.pendingCount() === 0);
});
