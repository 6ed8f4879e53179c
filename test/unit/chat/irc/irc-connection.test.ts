import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { REJOIN_AFTER_KICK_MS } from '../../../../src/chat/irc/channel-keeper.js';
import { SASL_RETRY_MS, STABLE_CONNECTION_MS } from '../../../../src/chat/irc/irc-connection.js';
import { line, reply } from '../../../../src/commands-kit/reply.js';
import { FakeIrcd, type FakeIrcdOptions } from './fake-ircd.js';
import { announce, BOT_PASSWORD, capturingLogger, createIrcKit, eventually, T0, type IrcKit, type KitOptions } from './irc-test-kit.js';

let ircd: FakeIrcd;
let kit: IrcKit;
afterEach(async () => {
  await kit?.close();
  await ircd?.close();
});

async function connect(serverOptions: FakeIrcdOptions = {}, kitOptions: KitOptions = {}) {
  ircd = await FakeIrcd.start({ accounts: { stagehand: BOT_PASSWORD }, ...serverOptions });
  const { log, entries } = capturingLogger();
  kit = createIrcKit(ircd, { log, ...kitOptions });
  await eventually(() => kit.network.connected());
  return entries;
}

describe('IRC identity', () => {
  it('without account-tag from the server: warns at start and treats everyone as anyone, even with a forged tag', async () => {
    const log = await connect({ caps: ['extended-join', 'account-notify', 'sasl=PLAIN'] });
    expect(log.some((e) => e.level === 40 && /did not enable account-tag/.test(e.msg))).toBe(true);
    ircd.raw('@account=alice :alice!u@host PRIVMSG #release :!release start');
    await kit.messages(1);
    expect(kit.inbox[0]).toMatchObject({ handle: null, displayName: 'alice', text: '!release start' });
  });

  it('mentions a lead by the nick they use now (extended-join, NICK, ACCOUNT), else by account name', async () => {
    await connect();
    const posted = async (key: string) => {
      const before = ircd.privmsgs().length;
      await kit.network.publisher.deliver(announce(key, '#release', 'Stage 1 is overdue.', ['alice', 'bob']));
      await ircd.until(() => ircd.privmsgs().length > before);
      return ircd.privmsgs().at(-1);
    };
    ircd.join({ nick: 'ali', account: 'alice' }, '#release');
    await ircd.sync();
    expect(await posted('k1')).toBe('#release ali, bob: Stage 1 is overdue.');
    ircd.nick('ali', 'ali_lunch');
    await ircd.sync();
    expect(await posted('k2')).toBe('#release ali_lunch, bob: Stage 1 is overdue.');
    ircd.account('ali_lunch', null);
    await ircd.sync();
    expect(await posted('k3')).toBe('#release alice, bob: Stage 1 is overdue.');
    ircd.account('bobby', 'bob');
    await ircd.sync();
    expect(await posted('k4')).toBe('#release alice, bobby: Stage 1 is overdue.');
  });

  it('learns the accounts of people already in a channel from WHOX when it joins', async () => {
    await connect({ members: { '#release': [{ nick: 'al', account: 'alice' }, { nick: 'bob', account: undefined }] } });
    await ircd.until(() => ircd.received.filter((l) => l.startsWith('WHO ')).length === 3);
    await ircd.sync();
    await kit.network.publisher.deliver(announce('w1', '#release', 'hi', ['alice', 'bob']));
    await ircd.until(() => ircd.privmsgs().length === 1);
    // bob's nick is not logged in: he is addressed by his account name, which is also "bob" here.
    expect(ircd.privmsgs()).toEqual(['#release al, bob: hi']);
  });
});

describe('IRC connection upkeep', () => {
  it('registers under another nick when its own is taken', async () => {
    await connect({ takenNicks: ['stagehand'] });
    expect(ircd.bot.nick).toBe('stagehand_');
  });

  it('logs a failed SASL login loudly and carries on unidentified', async () => {
    const log = await connect({ accounts: { stagehand: 'another password' } });
    expect(ircd.bot.account).toBeNull();
    expect(log.some((e) => e.level === 50 && /SASL login failed/.test(e.msg))).toBe(true);
    expect(JSON.stringify(log)).not.toContain(BOT_PASSWORD);
    await kit.clock.advanceBy(SASL_RETRY_MS);
    expect(kit.clock.pending).toBe(0);
    expect(ircd.connections).toBe(1);
  });

  it('reconnects to log in when services were away at connect time, but not after a wrong password', async () => {
    const log = await connect({ caps: ['account-tag', 'extended-join'] });
    expect(ircd.bot.account).toBeNull();
    ircd.caps = ['account-tag', 'extended-join', 'sasl=PLAIN'];
    await kit.clock.advanceBy(SASL_RETRY_MS);
    await ircd.until(() => ircd.received.includes('QUIT :Reconnecting to log in to services'));
    await eventually(() => log.some((e) => e.msg === 'IRC connection lost; reconnecting'));
    await kit.clock.advanceBy(1_000);
    await eventually(() => kit.network.connected());
    expect(ircd.connections).toBe(2);
    expect(ircd.bot.account).toBe('stagehand');
  });

  it('with tls: true opens with a TLS handshake and never falls back to plain text', async () => {
    const firstBytes: Buffer[] = [];
    const server = createServer((socket) => socket.once('data', (data: Buffer) => (firstBytes.push(data), socket.destroy())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { log, entries } = capturingLogger();
    kit = createIrcKit({ port }, { log, tls: true });
    await kit.started;
    await kit.clock.advanceBy(1_000);
    await eventually(() => firstBytes.length === 2);
    server.close();
    // 0x16 0x03: a TLS handshake record (the ClientHello), on the first attempt and on the retry.
    for (const bytes of firstBytes) expect([...bytes.subarray(0, 2)]).toEqual([0x16, 0x03]);
    expect(entries.filter((e) => e.msg === 'could not connect to IRC; retrying')).toHaveLength(2);
  });

  it('lets the app start while the server is down, and connects when it comes up', async () => {
    ircd = await FakeIrcd.start();
    const port = ircd.port;
    await ircd.close();
    const { log, entries } = capturingLogger();
    kit = createIrcKit({ port }, { log });
    await kit.started;
    expect(entries.some((e) => /IRC not connected yet/.test(e.msg))).toBe(true);
    expect(entries.find((e) => e.msg === 'could not connect to IRC; retrying')?.error).toMatch(/ECONNREFUSED/);
    // Never connected, so nothing was "lost": one warning per failed attempt, saying it retries and when.
    await kit.clock.advanceBy(1_000);
    await eventually(() => entries.filter((e) => e.msg === 'could not connect to IRC; retrying').length === 2);
    expect(entries.filter((e) => e.level === 40).map((e) => e.msg).sort()).toEqual([
      'IRC not connected yet; the bot keeps trying in the background',
      'could not connect to IRC; retrying',
      'could not connect to IRC; retrying',
    ]);
    expect(entries.find((e) => e.msg === 'could not connect to IRC; retrying')?.waitMs).toBe(1_000);
    ircd = await FakeIrcd.start({ accounts: { stagehand: BOT_PASSWORD }, port });
    await kit.clock.advanceBy(2_000);
    await eventually(() => kit.network.connected());
  });

  it('rejoins a channel it was kicked from after a short delay on the clock', async () => {
    await connect();
    const joins = () => ircd.received.filter((l) => l === 'JOIN #release').length;
    ircd.kickBot('#release');
    await eventually(() => !kit.network.connected());
    await kit.clock.advanceBy(REJOIN_AFTER_KICK_MS - 1);
    expect(joins()).toBe(1);
    await kit.clock.advanceBy(1);
    await ircd.until(() => joins() === 2);
    await eventually(() => kit.network.connected());
  });

  it('reconnects forever with capped exponential backoff while the server is down, and resets once back', async () => {
    const log = await connect({}, { irc: '    reconnect: { minSeconds: 1, maxSeconds: 8 }\n' });
    const port = ircd.port;
    const waits = () => log.filter((e) => /^(IRC connection lost; reconnecting|could not connect to IRC; retrying)$/.test(e.msg)).map((e) => e.waitMs);
    await ircd.close();
    await eventually(() => waits().length === 1);
    for (let i = 1; i < 6; i++) {
      await kit.clock.advanceBy(waits().at(-1) as number);
      await eventually(() => waits().length === i + 1);
    }
    expect(waits()).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    ircd = await FakeIrcd.start({ accounts: { stagehand: BOT_PASSWORD }, port });
    await kit.clock.advanceBy(8_000);
    await eventually(() => kit.network.connected());
    // Thrown out right after getting in: that was no recovery, the backoff goes on growing.
    ircd.dropAll();
    await eventually(() => waits().length === 7);
    expect(waits().at(-1)).toBe(8_000);
    await kit.clock.advanceBy(8_000);
    await eventually(() => kit.network.connected());
    // Up for a while, then dropped: back to the minimum.
    await kit.clock.advanceBy(STABLE_CONNECTION_MS);
    ircd.dropAll();
    await eventually(() => waits().length === 8);
    expect(waits().at(-1)).toBe(1_000);
  });

  it('says QUIT when stopped', async () => {
    await connect();
    await kit.network.adapter.stop();
    await ircd.until(() => ircd.received.includes('QUIT :Stagehand is stopping'));
    expect(kit.network.connected()).toBe(false);
  });

  it('logs a reply it cannot send while disconnected instead of failing the command', async () => {
    const log = await connect();
    ircd.say({ nick: 'alice', account: 'alice' }, '#release', '!help');
    await kit.messages(1);
    ircd.dropAll();
    await eventually(() => !kit.network.connected());
    await kit.network.adapter.reply(kit.inbox[0]!, reply('info', line('too late')));
    expect(log.some((e) => e.msg === 'IRC reply not sent: not in the channel')).toBe(true);
  });
});

describe('IRC posts', () => {
  it('delivers a 100-line announcement at the configured rate: burst 4, then one line a second', async () => {
    await connect();
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const delivered = kit.network.publisher.deliver(announce('big@#announce', '#announce', text));
    const count = () => ircd.privmsgs().length;
    await ircd.until(() => count() === 4);
    for (let second = 1; second <= 96; second++) {
      await kit.clock.advanceBy(1_000);
      await ircd.until(() => count() >= 4 + second);
      expect(count()).toBe(4 + second);
    }
    await expect(delivered).resolves.toEqual({ kind: 'delivered' });
    expect(ircd.privmsgs()).toEqual(Array.from({ length: 100 }, (_, i) => `#announce line ${i}`));
  });

  it('never lets line breaks or NUL in a post forge another command', async () => {
    await connect();
    await kit.network.publisher.deliver(announce('evil@#announce', '#announce', 'note: fixed\r\nQUIT :pwned\u0000\nJOIN #evil'));
    await ircd.until(() => ircd.privmsgs().length === 3);
    expect(ircd.privmsgs()).toEqual(['#announce note: fixed', '#announce QUIT :pwned', '#announce JOIN #evil']);
    expect(ircd.received.filter((l) => /^(QUIT|JOIN #evil)/.test(l))).toEqual([]);
  });

  it('treats a key already in the sent-log as delivered and writes nothing (a crash after the record)', async () => {
    await connect();
    kit.store.postLog.record('crashed@#announce', 'irc', '#announce', T0, 'hello');
    const outcome = await kit.network.publisher.deliver({ ...announce('crashed@#announce', '#announce', 'hello'), attempts: 1 });
    expect(outcome).toEqual({ kind: 'delivered', already: true });
    expect(ircd.privmsgs()).toEqual([]);
  });

  it('does not send a post again that a disconnect cut short, and retries one that never started', async () => {
    const log = await connect();
    const text = Array.from({ length: 10 }, (_, i) => `part ${i}`).join('\n');
    const cut = kit.network.publisher.deliver(announce('cut@#announce', '#announce', text));
    const waiting = kit.network.publisher.deliver(announce('waiting@#release', '#release', 'queued behind'));
    await ircd.until(() => ircd.privmsgs().length === 4);
    ircd.dropAll();
    await expect(cut).resolves.toEqual({ kind: 'delivered' });
    expect((await waiting).kind).toBe('retry');
    expect(log.some((e) => e.level === 50 && /cut short/.test(e.msg))).toBe(true);
    await kit.clock.advanceBy(1_000);
    await eventually(() => kit.network.connected());
    expect(await kit.network.publisher.deliver({ ...announce('cut@#announce', '#announce', text), attempts: 1 })).toEqual({ kind: 'delivered', already: true });
  });

  it('refuses payloads IRC cannot post, and names the configured channels per audience', async () => {
    await connect();
    const { publisher } = kit.network;
    expect(publisher.targets('release')).toEqual(['#release']);
    expect(publisher.targets('announce')).toEqual(['#announce', '#release']);
    expect(publisher.targets('testers')).toEqual(['#testers']);
    const outcome = await publisher.deliver({ ...announce('x', '#release', ''), payload: { action: 'create-branch', branch: 'release-v0.5.0', from: 'master' } });
    expect(outcome.kind).toBe('failed');
    expect(await publisher.deliver(announce('y', '#gone', 'hello'))).toEqual({ kind: 'failed', reason: '#gone is no longer a configured IRC channel' });
    expect(ircd.privmsgs()).toEqual([]);
  });
});
