/**
 * Synapse and the IRC server (InspIRCd + Atheme) restarted in the middle of a stage change: the lead moves
 * v0.6.0 to stage 2 and, as soon as the bot acknowledges it, both servers are stopped while the
 * announcements and the testers' polls are being delivered, then started again. Each announcement and each
 * poll arrives exactly once in every room and channel (whatever went out before the stop is not repeated,
 * whatever did not goes out once the servers are back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { askOnIrc, matrixPosts } from './helpers/expect-bot.js';
import type { IrcUser } from './helpers/irc.js';
import { startServer, stopServer } from './helpers/servers.js';
import { World } from './helpers/world.js';

const POLL_START = 'org.matrix.msc3381.poll.start';
const ANNOUNCEMENT = 'v0.6.0-rc1 is ready for community dev testing';

describe('servers restarted during a stage change', () => {
  let world: World;
  /** Every IRC observer connection (one before the restart, one after): IRC keeps no history. */
  const observers: IrcUser[] = [];
  let lead: IrcUser;

  /** The lead in the release channel; an observer in the announcement and testers channels; the bot seen. */
  async function connectIrcPeople(): Promise<void> {
    const { channels, botNick } = world.irc;
    const observer = await world.ircUser(`obs${observers.length}${world.suffix}`);
    lead = await world.ircUser(world.irc.aliceNick, 'alice');
    observers.push(observer);
    await Promise.all([lead.join(channels.release), observer.join(channels.announce), observer.join(channels.testers)]);
    await Promise.all([lead.seesInChannel(botNick, channels.release), observer.seesInChannel(botNick, channels.announce), observer.seesInChannel(botNick, channels.testers)]);
  }

  const botLines = (channel: string, test: (text: string) => boolean): number =>
    observers.flatMap((o) => o.linesFrom(world.irc.botNick, channel)).filter((l) => test(l.text)).length;

  beforeAll(async () => {
    world = await World.create();
    await world.startBot();
    await connectIrcPeople();
  });

  afterAll(async () => {
    await world?.close();
    // A failed step must not leave a server down for the next test file.
    await Promise.all([startServer('synapse'), startServer('irc')]);
  });

  it('delivers each announcement and poll once in every room and channel', async () => {
    const { channels, botNick } = world.irc;
    const m = world.matrix;
    expect((await askOnIrc(lead, channels.release, botNick, '!release new v0.6.0'))[0]!.text).toContain('Started v0.6.0');
    expect((await askOnIrc(lead, channels.release, botNick, '!release advance'))[0]!.text).toContain('stage 1');
    // The stage change is committed once the bot answers; its posts are on their way when both servers go.
    expect((await askOnIrc(lead, channels.release, botNick, '!release advance'))[0]!.text).toContain('stage 2');
    await Promise.all([stopServer('synapse'), stopServer('irc')]);
    await Promise.all([startServer('synapse'), startServer('irc')]);
    await connectIrcPeople();

    for (const room of m.rooms.announce) {
      await eventually(async () => ((await matrixPosts(m.alice, room, m.bot.userId, ANNOUNCEMENT)).length > 0 ? true : undefined), {
        what: `the stage-2 announcement in ${room} after the restart`,
        timeoutMs: 90_000,
      });
    }
    await eventually(async () => ((await m.guest.eventsOfType(m.rooms.testers, POLL_START)).length > 0 ? true : undefined), {
      what: 'the poll in the Matrix testers room after the restart',
      timeoutMs: 90_000,
    });
    // IRC: what the bot posted before the stop reached the first observer; what it had not, the second.
    await eventually(async () => (botLines(channels.announce, (t) => t.includes(ANNOUNCEMENT)) > 0 ? true : undefined), {
      what: 'the announcement on IRC',
      timeoutMs: 90_000,
    });
    await eventually(async () => (botLines(channels.testers, (t) => t.includes('Poll:')) > 0 ? true : undefined), {
      what: 'the poll on IRC',
      timeoutMs: 90_000,
    });

    // A command round trip after everything arrived, so a late duplicate would be in by now.
    await askOnIrc(lead, channels.release, botNick, '!release status');
    for (const room of m.rooms.announce) expect(await matrixPosts(m.alice, room, m.bot.userId, ANNOUNCEMENT)).toHaveLength(1);
    expect(await m.guest.eventsOfType(m.rooms.testers, POLL_START)).toHaveLength(1);
    expect(botLines(channels.announce, (t) => t.includes(ANNOUNCEMENT))).toBe(1);
    expect(botLines(channels.testers, (t) => t.includes('Poll:'))).toBe(1);
    const before = observers[0]!.linesFrom(botNick, channels.announce).filter((l) => l.text.includes(ANNOUNCEMENT)).length;
    process.stdout.write(`restart during a stage change: the IRC announcement went out ${before ? 'before' : 'after'} the restart; every post arrived once\n`);
  });
});
