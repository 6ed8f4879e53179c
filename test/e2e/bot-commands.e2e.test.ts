/**
 * The bot on a real Synapse and a real InspIRCd + Atheme network, through real clients: a lead's command
 * and its reply on each network, a guest refused, a spoofed nick refused, an announcement in every room and
 * channel exactly once, and testers' answers recorded from each network.
 *
 * The tests of this file share one world and one bot and run in order: each builds on the release the
 * previous one moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { askOnIrc, askOnMatrix, matrixPosts } from './helpers/expect-bot.js';
import type { IrcUser } from './helpers/irc.js';
import { World } from './helpers/world.js';

describe('Stagehand on Matrix and IRC', () => {
  let world: World;
  let aliceIrc: IrcUser;
  let pinataIrc: IrcUser;
  let guestIrc: IrcUser;
  let observer: IrcUser;

  beforeAll(async () => {
    world = await World.create();
    const { channels } = world.irc;
    // Everyone is in the channels before the bot posts: IRC has no history to read afterwards.
    [aliceIrc, pinataIrc, guestIrc, observer] = await Promise.all([
      world.ircUser(world.irc.aliceNick, 'alice'),
      world.ircUser(`Pina${world.suffix}`, 'pinata'),
      world.ircUser(`guest${world.suffix}`),
      world.ircUser(`obs${world.suffix}`),
    ]);
    // Alice joins the release channel first, so she is its operator (for the kick test).
    await aliceIrc.join(channels.release);
    await Promise.all([
      guestIrc.join(channels.release),
      pinataIrc.join(channels.testers),
      observer.join(channels.announce),
      observer.join(channels.release),
      observer.join(channels.testers),
    ]);
    await world.startBot();
    for (const channel of Object.values(channels)) await observer.seesJoin(world.irc.botNick, channel);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('answers a lead on Matrix with a real reply', async () => {
    const m = world.matrix;
    const reply = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release status');
    expect(reply.content.body).toContain('No release is active');
    expect(reply.content['format']).toBe('org.matrix.custom.html');
  });

  it('answers a lead on IRC, addressed to her nick, knowing her by her account', async () => {
    const lines = await askOnIrc(aliceIrc, world.irc.channels.release, world.irc.botNick, '!release status');
    expect(lines.map((l) => l.text).join('\n')).toContain('No release is active');
  });

  it('rejoins the IRC release channel after being kicked, and answers there again', async () => {
    const { channels, botNick } = world.irc;
    observer.forgetJoin(botNick, channels.release);
    aliceIrc.kick(channels.release, botNick, 'testing rejoin');
    await observer.seesJoin(botNick, channels.release);
    const lines = await askOnIrc(aliceIrc, channels.release, botNick, '!release status');
    expect(lines[0]!.text).toContain('No release is active');
  });

  it('refuses a guest on each network, and someone on IRC using the nick that equals the lead account name', async () => {
    const m = world.matrix;
    const onMatrix = await askOnMatrix(m.guest, m.rooms.release, m.bot.userId, '!release new v0.5.0');
    expect(onMatrix.content.body).toMatch(/is for a release lead; .* is not one\. Nothing was changed\./);

    const onIrc = await askOnIrc(guestIrc, world.irc.channels.release, world.irc.botNick, '!release new v0.5.0');
    expect(onIrc[0]!.text).toMatch(/is for a release lead; .* is not one\. Nothing was changed\./);

    const spoofer = await world.ircUser(world.irc.accounts.alice);
    await spoofer.join(world.irc.channels.release);
    const spoofed = await askOnIrc(spoofer, world.irc.channels.release, world.irc.botNick, '!release new v0.5.0');
    expect(spoofed[0]!.text).toMatch(/is for a release lead; .* is not one\. Nothing was changed\./);

    const status = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release status');
    expect(status.content.body).toContain('No release is active');
  });

  it('posts the stage-2 announcement to every announcement room and channel exactly once', async () => {
    const m = world.matrix;
    const started = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release new v0.5.0');
    expect(started.content.body).toContain('Started v0.5.0');
    const toStage1 = await askOnIrc(aliceIrc, world.irc.channels.release, world.irc.botNick, '!release advance');
    expect(toStage1.map((l) => l.text).join('\n')).toContain('stage 1');
    const toStage2 = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release advance');
    expect(toStage2.content.body).toContain('stage 2');

    const fragment = 'v0.5.0-rc1 is ready for community dev testing';
    for (const room of m.rooms.announce) {
      await eventually(async () => ((await matrixPosts(m.alice, room, m.bot.userId, fragment)).length > 0 ? true : undefined), {
        what: `the announcement in ${room}`,
      });
    }
    await observer.waitFor((l) => l.target.toLowerCase() === world.irc.channels.announce.toLowerCase() && l.text.includes(fragment), {
      what: 'the announcement on IRC',
    });

    // Something the bot says afterwards on each network marks the point by which a double post would show.
    await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release status');
    await askOnIrc(aliceIrc, world.irc.channels.release, world.irc.botNick, '!release status');
    for (const room of m.rooms.announce) expect(await matrixPosts(m.alice, room, m.bot.userId, fragment)).toHaveLength(1);
    expect(observer.linesFrom(world.irc.botNick, world.irc.channels.announce).filter((l) => l.text.includes(fragment))).toHaveLength(1);
    // Not in the release or testers rooms: those are not announcement audiences here.
    expect(await matrixPosts(m.alice, m.rooms.release, m.bot.userId, fragment)).toHaveLength(0);
  });

  it("records a tester's answer from each network", async () => {
    const m = world.matrix;
    const fromMatrix = await askOnMatrix(m.infura, m.rooms.testers, m.bot.userId, '!tested ok');
    expect(fromMatrix.content.body).toContain('Recorded for Infura');

    const fromIrc = await askOnIrc(pinataIrc, world.irc.channels.testers, world.irc.botNick, '!tested issue https://example.org/issue/1 <b>pinning</b> fails');
    expect(fromIrc[0]!.text).toContain('Recorded for Pinata');

    const testers = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!testers');
    expect(testers.content.body).toMatch(/Infura\s+dev\s+ok/);
    expect(testers.content.body).toMatch(/Pinata\s+dev\s+issue/);
    // The note typed on IRC reaches Matrix as text: escaped in the HTML, never markup.
    expect(testers.content.body).toContain('<b>pinning</b> fails');
    expect(testers.content.formatted_body).toContain('&lt;b&gt;pinning&lt;/b&gt; fails');
    expect(testers.content.formatted_body).not.toContain('<b>pinning</b>');
  });
});
