/**
 * The whole app on IRC against the FakeIrcd (account-tag on), with a lead, a tester and another account:
 * the set-up shared by the app-level IRC tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../../../src/app.js';
import { parseConfig } from '../../../../src/config/load.js';
import { silentLogger } from '../../../../src/log/logger.js';
import { AdjustableClock } from '../../../../src/ground/clock.js';
import { ALL_NETWORK_MODULES } from '../../../helpers/network-modules.js';
import { FakeIrcd, type Sender } from './fake-ircd.js';
import { BOT_PASSWORD, T0 } from './irc-test-kit.js';

const CONFIG_DIR = fileURLToPath(new URL('../../../../config/', import.meta.url));

export interface IrcApp {
  readonly app: App;
  readonly ircd: FakeIrcd;
  readonly clock: AdjustableClock;
  /** Says `text` in #release and returns the bot's reply line to that nick (the send queue is paced on the manual clock). */
  say(from: Sender, text: string): Promise<string>;
  close(): Promise<void>;
}

export async function startIrcApp(): Promise<IrcApp> {
  const ircd = await FakeIrcd.start({ accounts: { stagehand: BOT_PASSWORD } });
  const dataDir = mkdtempSync(join(tmpdir(), 'stagehand-irc-app-'));
  const config = parseConfig(`
project: { name: go-ipfs, repo: ipfs/go-ipfs }
cadence: { anchor: "2019-09-09" }
templates: { dir: ${join(CONFIG_DIR, 'templates')}, checklist: ${join(CONFIG_DIR, 'release-checklist.md')} }
people:
  alice: { name: Alice, irc: alice }
  mallory: { name: Mallory, irc: mallory }
  tess: { name: Tess, irc: tess }
leads: [alice]
testers:
  - { org: Infura, people: [tess], environments: [dev, prod] }
chat:
  irc:
    host: 127.0.0.1
    port: ${ircd.port}
    tls: false
    nick: stagehand
    sasl: { account: stagehand, password: { env: IRC_PASSWORD } }
    channels: { release: ["#release"], testers: ["#testers"], announce: ["#announce"] }
`);
  const clock = AdjustableClock.manual(T0);
  const app = createApp({
    modules: ALL_NETWORK_MODULES,
    loaded: { config, baseDir: dataDir, file: join(dataDir, 'config.yaml') },
    dataDir,
    log: silentLogger(),
    clock,
    io: { input: new PassThrough(), output: new PassThrough(), interactive: false },
    env: { IRC_PASSWORD: BOT_PASSWORD },
  });
  await app.start();
  return {
    app,
    ircd,
    clock,
    async say(from, text) {
      await app.worker.idle();
      const before = ircd.privmsgs().length;
      ircd.say(from, '#release', text);
      const mine = (): string | undefined => ircd.privmsgs().slice(before).find((l) => l.startsWith(`#release ${from.nick}: `));
      for (let i = 0; i < 200 && mine() === undefined; i++) {
        await clock.advanceBy(1_000);
        await ircd.sync();
      }
      const reply = mine();
      if (reply === undefined) throw new Error(`no reply to ${text}`);
      await app.worker.idle();
      return reply;
    },
    async close() {
      await app.stop();
      await ircd.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
