import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply, line } from '../../../../src/commands-kit/reply.js';
import { createIrcNetwork } from '../../../../src/chat/irc/irc-network.js';
import { ConfigError, parseConfig } from '../../../../src/config/load.js';
import { silentLogger } from '../../../../src/log/logger.js';
import { Roster } from '../../../../src/people/roster.js';
import { AdjustableClock } from '../../../../src/ground/clock.js';
import { FakeIrcd } from './fake-ircd.js';
import { announce, BOT_PASSWORD, createIrcKit, eventually, ircConfigYaml, T0, type IrcKit } from './irc-test-kit.js';

let ircd: FakeIrcd;
let kit: IrcKit;

beforeEach(async () => {
  ircd = await FakeIrcd.start({ accounts: { stagehand: BOT_PASSWORD } });
});
afterEach(async () => {
  await kit?.close();
  await ircd.close();
});

describe('IRC network against a fake server', () => {
  it('refuses to start without its SASL password, naming the key and the variable, never a value', () => {
    const loaded = { config: parseConfig(ircConfigYaml(ircd.port)), baseDir: '/nonexistent', file: 'stagehand.yaml' };
    const deps = { loaded, dataDir: '/nonexistent', log: silentLogger(), clock: AdjustableClock.manual(T0), roster: new Roster(loaded.config), store: undefined as never, env: {} };
    expect(() => createIrcNetwork(loaded.config.chat.irc!, deps)).toThrow(
      new ConfigError('stagehand.yaml', ['chat.irc.sasl.password: the environment variable IRC_PASSWORD is not set']),
    );
  });

  it('logs in with SASL, joins every configured channel once, and reports connected', async () => {
    kit = createIrcKit(ircd);
    await eventually(() => kit.network.connected());
    expect(ircd.received).toContain(`AUTHENTICATE ${Buffer.from(`stagehand\0stagehand\0${BOT_PASSWORD}`).toString('base64')}`);
    expect(ircd.received.filter((l) => l.startsWith('JOIN')).sort()).toEqual(['JOIN #announce', 'JOIN #release', 'JOIN #testers']);
    expect(ircd.bot.account).toBe('stagehand');
  });

  it('identifies a sender by the account tag, and a lead nick without the account as anyone', async () => {
    kit = createIrcKit(ircd);
    await eventually(() => kit.network.connected());
    ircd.say({ nick: 'alice', account: 'alice' }, '#release', '!release status', { time: '2026-01-05T08:59:00.000Z' });
    ircd.say({ nick: 'alice' }, '#release', '!release start');
    ircd.say({ nick: 'mallory', account: 'mallory' }, '#announce', '!release start');
    ircd.say({ nick: 'tess', account: 'tess' }, '#testers', '!tested ok');
    await kit.messages(3);
    expect(kit.inbox.map((m) => [m.room, m.displayName, m.handle, m.text])).toEqual([
      ['#release', 'alice', 'alice', '!release status'],
      ['#release', 'alice', null, '!release start'],
      ['#testers', 'tess', 'tess', '!tested ok'],
    ]);
    expect(kit.inbox[0]!.sentAt).toBe(Date.parse('2026-01-05T08:59:00.000Z'));
  });

  it('replies in the channel, addressed to the asker', async () => {
    kit = createIrcKit(ircd);
    await eventually(() => kit.network.connected());
    ircd.say({ nick: 'alice', account: 'alice' }, '#release', '!help');
    await kit.messages(1);
    await kit.network.adapter.reply(kit.inbox[0]!, reply('info', line('first'), line('second')));
    await ircd.until(() => ircd.privmsgs().length === 2);
    expect(ircd.privmsgs()).toEqual(['#release alice: first', '#release second']);
  });

  it('queues a long reply without holding up the next command; the reply drains at the send rate', async () => {
    kit = createIrcKit(ircd);
    await eventually(() => kit.network.connected());
    ircd.say({ nick: 'alice', account: 'alice' }, '#release', '!release history');
    await kit.messages(1);
    await kit.network.adapter.reply(kit.inbox[0]!, reply('info', ...Array.from({ length: 10 }, (_, i) => line(`row ${i}`))));
    ircd.say({ nick: 'tess', account: 'tess' }, '#testers', '!tested ok');
    await kit.messages(2);
    await ircd.until(() => ircd.privmsgs().length === 4);
    await kit.clock.advanceBy(6_000);
    await ircd.until(() => ircd.privmsgs().length === 10);
    expect(ircd.privmsgs()).toEqual(['#release alice: row 0', ...Array.from({ length: 9 }, (_, i) => `#release row ${i + 1}`)]);
  });

  it('posts an announcement once, and a second delivery of the same key is recognised', async () => {
    kit = createIrcKit(ircd);
    await eventually(() => kit.network.connected());
    const effect = announce('a1@#announce', '#announce', 'v0.5.0-rc1 is out', ['alice']);
    expect(await kit.network.publisher.deliver(effect)).toEqual({ kind: 'delivered' });
    expect(await kit.network.publisher.deliver({ ...effect, attempts: 1 })).toEqual({ kind: 'delivered', already: true });
    await ircd.until(() => ircd.privmsgs().length > 0);
    expect(ircd.privmsgs()).toEqual(['#announce alice: v0.5.0-rc1 is out']);
  });

  it('reconnects after the connection drops, rejoins, and asks for a retry while away', async () => {
    kit = createIrcKit(ircd);
    await eventually(() => kit.network.connected());
    ircd.dropAll();
    await eventually(() => !kit.network.connected());
    const outcome = await kit.network.publisher.deliver(announce('a2@#announce', '#announce', 'hello'));
    expect(outcome.kind).toBe('retry');
    await kit.clock.advanceBy(1_000);
    await eventually(() => kit.network.connected());
    expect(ircd.connections).toBe(2);
    expect(await kit.network.publisher.deliver(announce('a2@#announce', '#announce', 'hello'))).toEqual({ kind: 'delivered' });
    await ircd.until(() => ircd.privmsgs().length > 0);
    expect(ircd.privmsgs()).toEqual(['#announce hello']);
  });
});
