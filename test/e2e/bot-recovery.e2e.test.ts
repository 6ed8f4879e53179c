/**
 * Recovery on real servers: the bot keeps working after the homeserver and the IRC server are restarted
 * under it, a post made while Synapse was down arrives once it is back (once, in every room), and a
 * tester's answer sent while the bot itself was stopped is seen once when it comes back.
 *
 * The steps share one world and one bot and run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { askOnIrc, askOnMatrix, inReplyTo, matrixPosts } from './helpers/expect-bot.js';
import type { IrcUser } from './helpers/irc.js';
import { startServer, stopServer } from './helpers/servers.js';
import { World } from './helpers/world.js';

describe('recovery', () => {
  let world: World;
  let botDir: string;
  let aliceIrc: IrcUser;
  let observer: IrcUser;

  /** Alice (logged in) in the release channel and an observer in the announcement channel, the bot seen there. */
  async function connectIrcPeople(): Promise<void> {
    const { channels, botNick } = world.irc;
    [aliceIrc, observer] = await Promise.all([world.ircUser(world.irc.aliceNick, 'alice'), world.ircUser(`obs${world.suffix}`)]);
    await Promise.all([aliceIrc.join(channels.release), observer.join(channels.announce)]);
    await Promise.all([aliceIrc.seesInChannel(botNick, channels.release), observer.seesInChannel(botNick, channels.announce)]);
  }

  beforeAll(async () => {
    world = await World.create();
    ({ dir: botDir } = await world.startBot());
    await connectIrcPeople();
  });

  afterAll(async () => {
    await world?.close();
    // A failed step must not leave a server down for the next test file.
    await Promise.all([startServer('synapse'), startServer('irc')]);
  });

  it('answers on Matrix after Synapse restarts', async () => {
    const m = world.matrix;
    await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release status');
    await stopServer('synapse');
    await startServer('synapse');
    const reply = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release status', 60_000);
    expect(reply.content.body).toContain('No release is active');
  });

  it('answers on IRC after the IRC server and services restart', async () => {
    await stopServer('irc');
    await startServer('irc');
    // Everyone was disconnected; people reconnect, and the bot must come back and rejoin on its own.
    await connectIrcPeople();
    const lines = await askOnIrc(aliceIrc, world.irc.channels.release, world.irc.botNick, '!release status');
    expect(lines[0]!.text).toContain('No release is active');
  });

  it('delivers an announcement made while Synapse was down once it is back, once per room', async () => {
    const m = world.matrix;
    const { channels, botNick } = world.irc;
    await stopServer('synapse');
    try {
      expect((await askOnIrc(aliceIrc, channels.release, botNick, '!release new v0.6.0'))[0]!.text).toContain('Started v0.6.0');
      expect((await askOnIrc(aliceIrc, channels.release, botNick, '!release advance'))[0]!.text).toContain('stage 1');
      expect((await askOnIrc(aliceIrc, channels.release, botNick, '!release advance'))[0]!.text).toContain('stage 2');
    } finally {
      await startServer('synapse');
    }
    const fragment = 'v0.6.0-rc1 is ready for community dev testing';
    await observer.waitFor((l) => l.text.includes(fragment), { what: 'the announcement on IRC' });
    for (const room of m.rooms.announce) {
      await eventually(async () => ((await matrixPosts(m.alice, room, m.bot.userId, fragment)).length > 0 ? true : undefined), {
        what: `the announcement in ${room} after Synapse is back`,
        timeoutMs: 60_000,
      });
    }
    await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release status');
    for (const room of m.rooms.announce) expect(await matrixPosts(m.alice, room, m.bot.userId, fragment)).toHaveLength(1);
    expect(observer.linesFrom(botNick, channels.announce).filter((l) => l.text.includes(fragment))).toHaveLength(1);
  });

  it("sees a tester's answer sent while the bot was stopped, once, when it comes back", async () => {
    const m = world.matrix;
    await world.stopBots();
    const answer = await m.infura.say(m.rooms.testers, '!tested ok');
    await world.startBot(botDir);

    const reply = await eventually(async () => (await m.infura.messages(m.rooms.testers)).find((e) => inReplyTo(e) === answer), {
      what: 'the reply to the answer sent while the bot was away',
      timeoutMs: 60_000,
    });
    expect(reply.content.body).toContain('Recorded for Infura');
    const testers = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!testers');
    expect(testers.content.body).toMatch(/Infura\s+dev\s+ok/);
    expect((await m.infura.messages(m.rooms.testers)).filter((e) => inReplyTo(e) === answer)).toHaveLength(1);
  });
});
