/**
 * Early-tester polls on a real Synapse and a real InspIRCd + Atheme network: a full stage-2/stage-3 cycle.
 * At stage 2 the bot opens an MSC3381 poll in the Matrix testers room and a text poll in the IRC testers
 * channel; real users vote (two organisations' testers and one person who is not a tester); the gate stays
 * closed while a problem is open and opens when the rule holds; advancing ends the poll with its results.
 * At stage 3 testers answer on IRC with !tested from their services accounts, and a spoofed nick is not
 * counted.
 *
 * The tests share one world and one bot and run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { askOnIrc, askOnMatrix, inReplyTo } from './helpers/expect-bot.js';
import type { IrcUser } from './helpers/irc.js';
import type { MatrixEvent } from './helpers/matrix.js';
import { World } from './helpers/world.js';

const START = 'org.matrix.msc3381.poll.start';
const END = 'org.matrix.msc3381.poll.end';
const TEXT = 'org.matrix.msc1767.text';

describe('early-tester polls on Matrix and IRC', () => {
  let world: World;
  let infuraIrc: IrcUser;
  let pinataIrc: IrcUser;
  let observer: IrcUser;
  let devPoll: MatrixEvent;

  beforeAll(async () => {
    world = await World.create();
    const { channels } = world.irc;
    [infuraIrc, pinataIrc, observer] = await Promise.all([
      world.ircUser(`Infu${world.suffix}`, 'infura'),
      world.ircUser(`Pina${world.suffix}`, 'pinata'),
      world.ircUser(`obs${world.suffix}`),
    ]);
    await Promise.all([infuraIrc.join(channels.testers), pinataIrc.join(channels.testers), observer.join(channels.testers)]);
    await world.startBot();
    await observer.seesJoin(world.irc.botNick, channels.testers);
  });

  afterAll(async () => {
    await world?.close();
  });

  /** What the lead sees for `!testers`. */
  const testersTable = async (): Promise<string> => (await askOnMatrix(world.matrix.alice, world.matrix.rooms.release, world.matrix.bot.userId, '!testers')).content.body ?? '';

  it('opens a poll at stage 2: a native poll on Matrix, a text naming the testers on IRC', async () => {
    const m = world.matrix;
    await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release new v0.5.0');
    await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release advance');
    const toDev = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release advance');
    expect(toDev.content.body).toContain('stage 2');

    devPoll = await eventually(async () => (await m.guest.eventsOfType(m.rooms.testers, START))[0], { what: 'the poll start in the testers room' });
    expect(devPoll.sender).toBe(m.bot.userId);
    // What a client needs to draw a poll: a disclosed single-choice question with answers ids and texts.
    expect(devPoll.content[START]).toEqual({
      kind: 'org.matrix.msc3381.poll.disclosed',
      max_selections: 1,
      question: { [TEXT]: 'go-ipfs v0.5.0-rc1, dev testing: have you deployed it to your dev environment?', body: expect.any(String) },
      answers: [
        { id: 'ok', [TEXT]: 'deployed, no problems' },
        { id: 'issue', [TEXT]: 'found a problem' },
        { id: 'skip', [TEXT]: 'skipping this RC' },
      ],
    });
    expect(devPoll.content['m.mentions']).toEqual({ user_ids: [m.infura.userId, m.pinata.userId] });

    const ircPoll = await observer.waitFor(
      (l) => l.from.toLowerCase() === world.irc.botNick.toLowerCase() && l.target.toLowerCase() === world.irc.channels.testers.toLowerCase() && l.text.includes('Poll:'),
      { what: 'the poll on IRC' },
    );
    // Highlights the testers by the nicks they use now, and says how to answer.
    expect(ircPoll.text).toContain(infuraIrc.nick);
    expect(ircPoll.text).toContain(pinataIrc.nick);
    expect(ircPoll.text).toContain('!tested ok|issue|skip [note]');
  });

  it('records votes from testers of two organisations (the latest counts) and explains to a non-tester why not', async () => {
    const m = world.matrix;
    await m.infura.vote(m.rooms.testers, devPoll.event_id, 'ok');
    await m.infura.vote(m.rooms.testers, devPoll.event_id, 'issue');
    const guestVote = await m.guest.vote(m.rooms.testers, devPoll.event_id, 'ok');
    await m.pinata.vote(m.rooms.testers, devPoll.event_id, 'skip');

    const explanation = await eventually(async () => (await m.guest.messages(m.rooms.testers)).find((e) => e.sender === m.bot.userId && inReplyTo(e) === guestVote), {
      what: 'the explanation to the non-tester',
    });
    expect(explanation.content.body).toContain('is not counted: only enrolled early testers answer');
    const table = await eventually(async () => {
      const body = await testersTable();
      return /Pinata\s+dev\s+skip/.test(body) ? body : undefined;
    }, { what: 'the votes in !testers' });
    expect(table).toMatch(/Infura\s+dev\s+issue \(open\)\s+Infura ops/);
    // The leads heard about the problem at once.
    await eventually(async () => ((await m.alice.messages(m.rooms.release)).some((e) => e.sender === m.bot.userId && (e.content.body ?? '').includes('Infura ops (Infura) found a problem on v0.5.0-rc1')) ? true : undefined), {
      what: 'the problem notice to the leads',
    });
  });

  it('keeps the gate closed while a problem is open, opens it when the rule holds, and ends the poll with the results', async () => {
    const m = world.matrix;
    const refused = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release advance');
    expect(refused.content.body).toContain('Infura reported a problem');

    await m.infura.vote(m.rooms.testers, devPoll.event_id, 'ok');
    await eventually(async () => (/Infura\s+dev\s+ok/.test(await testersTable()) ? true : undefined), { what: 'Infura’s new vote' });
    const moved = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release advance');
    expect(moved.content.body).toContain('v0.5.0-rc1 is now at stage 3');

    const end = await eventually(async () => (await m.guest.eventsOfType(m.rooms.testers, END))[0], { what: 'the poll end' });
    expect(end.content['m.relates_to']).toEqual({ rel_type: 'm.reference', event_id: devPoll.event_id });
    expect(end.content[TEXT]).toBe('Poll closed for v0.5.0-rc1 (dev testing): ok: 1, problem: 0, skip: 1, no answer: 0 — Infura: ok (Infura ops), Pinata: skip (Pinata ops).');
    await observer.waitFor((l) => l.from.toLowerCase() === world.irc.botNick.toLowerCase() && l.text.startsWith('Poll closed for v0.5.0-rc1 (dev testing)'), { what: 'the results on IRC' });
    // A fresh poll for production testing.
    await eventually(async () => ((await m.guest.eventsOfType(m.rooms.testers, START)).length === 2 ? true : undefined), { what: 'the prod poll' });
  });

  it('records !tested on IRC from logged-in accounts, ignores a spoofed nick, and opens the gate only when everyone answered', async () => {
    const { channels, botNick, accounts } = world.irc;
    // Someone not logged in, using the nick that equals Pinata's account name.
    const spoofer = await world.ircUser(accounts.pinata);
    await spoofer.join(channels.testers);
    const spoofed = await askOnIrc(spoofer, channels.testers, botNick, '!tested ok');
    expect(spoofed[0]!.text).toMatch(/is for an enrolled early tester; .* is not one\. Nothing was changed\./);

    const fromPinata = await askOnIrc(pinataIrc, channels.testers, botNick, '!tested ok');
    expect(fromPinata[0]!.text).toContain('Recorded for Pinata');
    const m = world.matrix;
    const early = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release advance');
    expect(early.content.body).toContain('waiting for Infura');

    const fromInfura = await askOnIrc(infuraIrc, channels.testers, botNick, '!tested ok');
    expect(fromInfura[0]!.text).toContain('Recorded for Infura');
    const table = await testersTable();
    expect(table).toMatch(/Infura\s+dev\s+\S+.*\n\s+prod\s+ok\s+Infura ops/);
    expect(table).toMatch(/Pinata\s+dev\s+\S+.*\n\s+prod\s+ok\s+Pinata ops/);

    const released = await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release advance');
    expect(released.content.body).toContain('Released v0.5.0');
    const ends = await eventually(async () => {
      const found = await m.guest.eventsOfType(m.rooms.testers, END);
      return found.length === 2 ? found : undefined;
    }, { what: 'the prod poll end' });
    expect(ends[1]!.content[TEXT]).toContain('Poll closed for v0.5.0-rc1 (prod testing): ok: 2, problem: 0, skip: 0, no answer: 0');
  });
});
