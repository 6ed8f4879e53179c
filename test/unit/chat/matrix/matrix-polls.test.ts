/**
 * Early-tester polls on Matrix, through the whole app against the fake homeserver: the poll start event at
 * stage 2, votes read from the sync stream (latest per person wins, unknown answers, votes after the end,
 * non-testers, two people of one organisation disagreeing), and the poll end with the results.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../../../src/app.js';
import { countVote } from '../../../../src/desk/poll-votes.js';
import { Roster, type Person } from '../../../../src/people/roster.js';
import { parseVersion } from '../../../../src/release/version.js';
import { AdjustableClock, MINUTE } from '../../../../src/ground/clock.js';
import { SERVER_NAME, type FakeEvent, type FakeHomeserver } from './fake-homeserver.js';
import { startMatrixApp } from './matrix-app-harness.js';
import { BOB, MALLORY, until } from './harness.js';

const CAROL = `@carol:${SERVER_NAME}`;
const DAVE = `@dave:${SERVER_NAME}`;
const LEAD: Person = { id: 'alice', name: 'Alice', isLead: true, org: null };
const parsed = parseVersion('v0.5.0');
if (!parsed.ok) throw new Error('bad version');
const V050 = parsed;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

interface World {
  app: App;
  fake: FakeHomeserver;
  clock: AdjustableClock;
  testers: string;
}

async function pollApp(): Promise<World> {
  const started = await startMatrixApp({
    morePeople: `  carol: { name: Carol, matrix: "${CAROL}" }
  dave: { name: Dave, matrix: "${DAVE}" }`,
    testers: `  - { org: Infura, people: [bob, carol], environments: [dev, prod] }
  - { org: Textile, people: [dave], environments: [dev, prod] }`,
    testersRoomMembers: [BOB, CAROL, DAVE, MALLORY],
  });
  cleanup = started.stop;
  return started;
}

async function toStage(world: World, stage: number): Promise<void> {
  const { app } = world;
  if (!app.desk.find(V050.value)) app.desk.start(V050.value, LEAD);
  while ((app.desk.find(V050.value)?.stage ?? 0) < stage) {
    const moved = await app.desk.advance(undefined, LEAD, 'test: gates are not under test here');
    if (!moved.ok) throw new Error(moved.error.message);
  }
  await app.worker.idle();
}

const pollsIn = (world: World, type: string): FakeEvent[] => world.fake.botEvents(world.testers).filter((e) => e.type === type);

function vote(world: World, poll: FakeEvent, sender: string, answer: string, at: number, stable = false): FakeEvent {
  const relation = { rel_type: 'm.reference', event_id: poll.event_id };
  return stable
    ? world.fake.emit(world.testers, sender, 'm.poll.response', { 'm.relates_to': relation, 'm.selections': [answer] }, at)
    : world.fake.emit(world.testers, sender, 'org.matrix.msc3381.poll.response', { 'm.relates_to': relation, 'org.matrix.msc3381.poll.response': { answers: [answer] } }, at);
}

function stateOf(world: World): Record<string, string> {
  const release = world.app.desk.find(V050.value);
  const round = release ? world.app.desk.testerRound(release) : null;
  return Object.fromEntries((round?.signoff ?? []).map((o) => [o.org, `${o.state}${o.decisive ? ` by ${o.decisive.person}` : ''}`]));
}

describe('early-tester polls on Matrix', () => {
  it('opens a native poll at stage 2 that mentions the enrolled testers', async () => {
    const world = await pollApp();
    await toStage(world, 2);
    const [start] = pollsIn(world, 'org.matrix.msc3381.poll.start');
    expect(pollsIn(world, 'org.matrix.msc3381.poll.start')).toHaveLength(1);
    expect(start?.content['org.matrix.msc3381.poll.start']).toEqual({
      kind: 'org.matrix.msc3381.poll.disclosed',
      max_selections: 1,
      question: {
        'org.matrix.msc1767.text': 'go-ipfs v0.5.0-rc1, dev testing: have you deployed it to your dev environment?',
        body: 'go-ipfs v0.5.0-rc1, dev testing: have you deployed it to your dev environment?',
      },
      answers: [
        { id: 'ok', 'org.matrix.msc1767.text': 'deployed, no problems' },
        { id: 'issue', 'org.matrix.msc1767.text': 'found a problem' },
        { id: 'skip', 'org.matrix.msc1767.text': 'skipping this RC' },
      ],
    });
    expect(start?.content['m.mentions']).toEqual({ user_ids: [BOB, CAROL, DAVE] });
    expect(start?.content['org.matrix.msc1767.text']).toContain('Answer with !tested ok|issue|skip [note]');
    expect(world.app.store.polls.byEvent(start!.event_id)).toMatchObject({ release: 'v0.5.0', rc: 1, stage: 2, endedAt: null });
  });

  it('counts each person’s latest vote for their organisation, ignores unknown answers, and explains once to a non-tester', async () => {
    const world = await pollApp();
    await toStage(world, 2);
    const [poll] = pollsIn(world, 'org.matrix.msc3381.poll.start');
    const t = world.clock.now();
    vote(world, poll!, BOB, 'ok', t);
    vote(world, poll!, BOB, 'issue', t + 1_000); // Bob changes his mind: the latest vote counts
    vote(world, poll!, CAROL, 'ok', t + 2_000); // a colleague's ok does not close Bob's problem
    vote(world, poll!, DAVE, 'maybe', t + 3_000); // not an answer of this poll
    vote(world, poll!, MALLORY, 'ok', t + 4_000);
    vote(world, poll!, MALLORY, 'skip', t + 5_000);
    vote(world, poll!, DAVE, 'skip', t + 6_000, true); // the stable event type
    await until(() => stateOf(world)['Textile'] === 'skip by dave', 'Dave’s vote');
    expect(stateOf(world)).toEqual({ Infura: 'issue by bob', Textile: 'skip by dave' });
    const answers = world.app.store.answers.forRound({ releaseId: world.app.desk.find(V050.value)!.id, rc: 1, stage: 2 });
    expect(answers.map((a) => `${a.person} ${a.answer}`)).toEqual(['bob ok', 'bob issue', 'carol ok', 'dave skip']);
    // The non-tester hears why, once for the poll, in reply to their vote; nothing else is said in the room.
    const notices = world.fake.botEvents(world.testers).filter((e) => e.type === 'm.room.message');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.content['body']).toMatch(/^@mallory:fake\.test: your vote on the v0\.5\.0-rc1 poll is not counted: only enrolled early testers answer/);
    expect(notices[0]?.content['m.mentions']).toEqual({ user_ids: [MALLORY] });
    // Bob's problem reached the leads at once.
    await world.app.worker.idle();
    expect(world.app.store.outbox.hasKeyPrefix('tester-issue:v0.5.0-rc1:stage-2:bob:')).toBe(true);
  });

  it('closes the poll with the results on advance, and does not count votes on it afterwards', async () => {
    const world = await pollApp();
    await toStage(world, 2);
    const [poll] = pollsIn(world, 'org.matrix.msc3381.poll.start');
    vote(world, poll!, BOB, 'ok', world.clock.now());
    await until(() => stateOf(world)['Infura'] === 'ok by bob', 'Bob’s vote');
    await world.clock.advanceBy(MINUTE);
    await toStage(world, 3);
    const [end] = pollsIn(world, 'org.matrix.msc3381.poll.end');
    expect(end?.content['m.relates_to']).toEqual({ rel_type: 'm.reference', event_id: poll!.event_id });
    expect(end?.content['org.matrix.msc1767.text']).toBe(
      'Poll closed for v0.5.0-rc1 (dev testing): ok: 1, problem: 0, skip: 0, no answer: 1 — Infura: ok (Bob), Textile: no answer.',
    );
    expect(world.app.store.polls.byEvent(poll!.event_id)?.endedAt).not.toBeNull();
    // A fresh poll for prod testing; a late vote on the dev poll changes nothing.
    const starts = pollsIn(world, 'org.matrix.msc3381.poll.start');
    expect(starts).toHaveLength(2);
    vote(world, poll!, DAVE, 'ok', world.clock.now());
    vote(world, starts[1]!, CAROL, 'ok', world.clock.now());
    await until(() => stateOf(world)['Infura'] === 'ok by carol', 'Carol’s prod vote');
    expect(stateOf(world)).toEqual({ Infura: 'ok by carol', Textile: 'waiting' });
    const devAnswers = world.app.store.answers.forRound({ releaseId: world.app.desk.find(V050.value)!.id, rc: 1, stage: 2 });
    expect(devAnswers.map((a) => a.person)).toEqual(['bob']);
  });

  it('closes the poll on a restart; the new RC is polled afresh when it reaches the stage, nothing carried over', async () => {
    const world = await pollApp();
    await toStage(world, 2);
    const [rc1Poll] = pollsIn(world, 'org.matrix.msc3381.poll.start');
    vote(world, rc1Poll!, DAVE, 'ok', world.clock.now());
    await until(() => stateOf(world)['Textile'] === 'ok by dave', 'Dave’s vote');
    expect(world.app.desk.restart(undefined, LEAD, 'fix merged').ok).toBe(true);
    await world.app.worker.idle();
    expect(pollsIn(world, 'org.matrix.msc3381.poll.end').map((e) => (e.content['m.relates_to'] as { event_id: string }).event_id)).toEqual([rc1Poll!.event_id]);
    await toStage(world, 2);
    const starts = pollsIn(world, 'org.matrix.msc3381.poll.start');
    expect(starts).toHaveLength(2);
    expect(starts[1]?.content['org.matrix.msc1767.text']).toContain('v0.5.0-rc2');
    expect(stateOf(world)).toEqual({ Infura: 'waiting', Textile: 'waiting' });
    // A vote on the rc1 poll does not count for rc2.
    vote(world, rc1Poll!, BOB, 'ok', world.clock.now());
    vote(world, starts[1]!, DAVE, 'skip', world.clock.now());
    await until(() => stateOf(world)['Textile'] === 'skip by dave', 'Dave’s rc2 vote');
    expect(stateOf(world)['Infura']).toBe('waiting');
  });

  it('does not count a vote sent in another room that references the poll', async () => {
    const world = await pollApp();
    await toStage(world, 2);
    const [poll] = pollsIn(world, 'org.matrix.msc3381.poll.start');
    const deps = { polls: world.app.store.polls, desk: world.app.desk, roster: new Roster({ people: { dave: { name: 'Dave', matrix: DAVE } }, leads: [], testers: [{ org: 'Textile', people: ['dave'], environments: ['dev'] }] } as unknown as ConstructorParameters<typeof Roster>[0]) };
    const vote = { pollEventId: poll!.event_id, answerId: 'ok', sender: DAVE, sentAt: world.clock.now() };
    expect(countVote(deps, { ...vote, roomId: '!elsewhere:fake.test' })).toEqual({ kind: 'ignored', why: 'not a poll of this bot in this room' });
    expect(countVote(deps, { ...vote, roomId: world.testers })).toEqual({ kind: 'recorded', answer: 'ok' });
  });

  it('closes the poll on an abort', async () => {
    const world = await pollApp();
    await toStage(world, 2);
    expect(world.app.desk.abort(undefined, LEAD, 'not going to happen').ok).toBe(true);
    await world.app.worker.idle();
    expect(pollsIn(world, 'org.matrix.msc3381.poll.end')).toHaveLength(1);
  });
});
