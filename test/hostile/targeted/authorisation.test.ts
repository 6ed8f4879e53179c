/**
 * The authorisation matrix: every lead-only command in the registry (so a command added later is covered
 * without touching this file), each of its documented examples, sent by a guest, an enrolled tester and a
 * stranger from the shell, and on IRC by a lead's nick without an account or logged in to another
 * account. Each is refused with an answer that names the role, and every SQLite table (releases, events,
 * answers, outbox, settings...) is exactly as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { createApp, type App } from '../../../src/app.js';
import { parseConfig } from '../../../src/config/load.js';
import { silentLogger } from '../../../src/log/logger.js';
import { AdjustableClock } from '../../../src/schedule/clock.js';
import { createTestApp, TESTERS, type TestApp } from '../../helpers/test-app.js';
import { ALL_NETWORK_MODULES } from '../../helpers/network-modules.js';
import { FakeIrcd } from '../../unit/chat/irc/fake-ircd.js';
import { BOT_PASSWORD, T0 } from '../../unit/chat/irc/irc-test-kit.js';
import { snapshotStore } from '../store-snapshot.js';

const LEAD_ONLY = COMMANDS.filter((c) => c.role === 'lead');
const EXAMPLES = LEAD_ONLY.flatMap((c) => c.examples.map((example) => [c.name, example] as const));
const REFUSED = /is for a release lead; .+ is not one\. Nothing was changed\./;

it('the registry has lead-only commands, each with examples', () => {
  expect(LEAD_ONLY.map((c) => c.name)).toEqual(expect.arrayContaining(['release new', 'release advance', 'release abort', 'release restart']));
  for (const c of LEAD_ONLY) expect(c.examples.length, c.name).toBeGreaterThan(0);
});

describe('from the shell', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = createTestApp();
    t.ci.set('pass');
    // A release in testing, so every example would do something if the sender were allowed.
    await t.say('!release new v0.5.0');
    await t.say('!release advance');
    await t.say('!release advance');
    t.takeOutput();
  });
  afterAll(() => t.close());

  it.each(EXAMPLES.flatMap(([name, example]) => ['guest', TESTERS[0], 'stranger'].map((as) => [name, as, example] as const)))(
    '%s as %s: %s',
    async (_name, as, example) => {
      const before = t.snapshot();
      const said = await t.say(example, as);
      expect(said.tone).toBe('refused');
      expect(said.text).toMatch(REFUSED);
      expect(t.snapshot()).toEqual(before);
      expect(t.takeOutput()).toBe('');
    },
  );
});

describe('on IRC, a lead’s nick without the lead’s account', () => {
  const CONFIG_DIR = fileURLToPath(new URL('../../../config/', import.meta.url));
  let ircd: FakeIrcd;
  let app: App;
  let clock: AdjustableClock;
  let dataDir: string;

  beforeAll(async () => {
    ircd = await FakeIrcd.start({ accounts: { stagehand: BOT_PASSWORD } });
    dataDir = mkdtempSync(join(tmpdir(), 'stagehand-hostile-irc-'));
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
    channels: { release: ["#release"], announce: ["#announce"] }
`);
    clock = AdjustableClock.manual(T0);
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
    // The real lead starts a release, so the spoofed commands have something to act on.
    await say({ nick: 'alice', account: 'alice' }, '!release new v0.5.0');
    expect(ircd.privmsgs().some((l) => l.startsWith('#release alice: Started v0.5.0'))).toBe(true);
  });
  afterAll(async () => {
    await app.stop();
    await ircd.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Says `text` and waits for the bot's reply lines (the send queue paces them on the manual clock). */
  async function say(from: { nick: string; account?: string }, text: string): Promise<string> {
    await app.worker.idle();
    const before = ircd.privmsgs().length;
    ircd.say(from, '#release', text);
    for (let i = 0; i < 200 && !ircd.privmsgs().slice(before).some((l) => l.startsWith(`#release ${from.nick}: `)); i++) {
      await clock.advanceBy(1_000);
      await ircd.sync();
    }
    const reply = ircd.privmsgs().slice(before).find((l) => l.startsWith(`#release ${from.nick}: `));
    if (reply === undefined) throw new Error(`no reply to ${text}`);
    return reply;
  }

  it.each(EXAMPLES.flatMap(([name, example]) => [['no account', undefined], ['mallory’s account', 'mallory'], ['a tester’s account', 'tess']].map(([who, account]) => [name, who, example, account] as const)))(
    '%s from nick alice with %s: %s',
    async (_name, _who, example, account) => {
      const before = snapshotStore(app.store);
      const reply = await say({ nick: 'alice', ...(account ? { account } : {}) }, example);
      expect(reply).toMatch(REFUSED);
      await app.worker.idle();
      expect(snapshotStore(app.store)).toEqual(before);
    },
  );
});
