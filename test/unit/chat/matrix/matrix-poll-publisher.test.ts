/** Poll start and end through the Matrix publisher: a crash and a redelivery never send a poll twice. */
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxEffect } from '../../../../src/ground/effects.js';
import { POLL_ANSWERS } from '../../../../src/text/poll-texts.js';
import { createHarness, T0, type Harness } from './harness.js';
import { SERVER_NAME } from './fake-homeserver.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const TESTERS = `#testers:${SERVER_NAME}`;
const START_KEY = 'v0.5.0-rc1/stage-2/matrix/poll-start';

function pollStart(attempts = 0): OutboxEffect {
  return {
    id: 1,
    key: `${START_KEY}@${TESTERS}`,
    destination: 'matrix',
    target: TESTERS,
    payload: { action: 'poll-start', release: 'v0.5.0', rc: 1, stage: 2, question: 'go-ipfs v0.5.0-rc1, dev testing: deployed?', answers: POLL_ANSWERS, mentions: ['bob'], text: 'Poll: deployed?' },
    release: 'v0.5.0',
    attempts,
    createdAt: T0,
  };
}

function pollEnd(attempts = 0): OutboxEffect {
  return {
    id: 2,
    key: `v0.5.0-rc1/stage-3/matrix/poll-end@${TESTERS}`,
    destination: 'matrix',
    target: TESTERS,
    payload: { action: 'poll-end', release: 'v0.5.0', rc: 1, stage: 2, startKey: START_KEY, text: 'Poll closed for v0.5.0-rc1 (dev testing): ok: 1' },
    release: 'v0.5.0',
    attempts,
    createdAt: T0,
  };
}

const pollEvents = (h: Harness, type: string) => h.fake.botEvents(h.rooms.testers).filter((e) => e.type === type);

describe('Matrix polls, delivered once', () => {
  it('a poll start redelivered after a crash that lost its record is found by key and recorded, not sent again', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    expect(await network.publisher.deliver(pollStart())).toEqual({ kind: 'delivered' });
    const [sent] = pollEvents(h, 'org.matrix.msc3381.poll.start');
    expect(h.store.polls.byStart(START_KEY, h.rooms.testers)?.eventId).toBe(sent?.event_id);
    // The crash: the homeserver forgot the txn, and the record of the poll was never written.
    h.store.db.prepare('DELETE FROM matrix_polls').run();
    h.fake.forgetTransactions();
    expect(await network.publisher.deliver(pollStart(1))).toEqual({ kind: 'delivered', already: true });
    expect(pollEvents(h, 'org.matrix.msc3381.poll.start')).toHaveLength(1);
    expect(h.store.polls.byEvent(sent!.event_id)).toMatchObject({ release: 'v0.5.0', rc: 1, stage: 2, endedAt: null });
  });

  it('ends the poll once, referencing its start, and marks it ended for votes', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    await network.publisher.deliver(pollStart());
    expect(await network.publisher.deliver(pollEnd())).toEqual({ kind: 'delivered' });
    expect(await network.publisher.deliver(pollEnd())).toEqual({ kind: 'delivered' });
    h.fake.forgetTransactions();
    expect(await network.publisher.deliver(pollEnd(1))).toEqual({ kind: 'delivered', already: true });
    const ends = pollEvents(h, 'org.matrix.msc3381.poll.end');
    expect(ends).toHaveLength(1);
    const start = h.store.polls.byStart(START_KEY, h.rooms.testers);
    expect(ends[0]?.content['m.relates_to']).toEqual({ rel_type: 'm.reference', event_id: start?.eventId });
    expect(start?.endedAt).toBe(T0);
  });

  it('without a start in the room (it failed for good), the results still go out as text', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    expect(await network.publisher.deliver(pollEnd())).toEqual({ kind: 'delivered' });
    expect(pollEvents(h, 'org.matrix.msc3381.poll.end')).toHaveLength(0);
    expect(h.fake.botMessages(h.rooms.testers).map((e) => e.content['body'])).toEqual(['Poll closed for v0.5.0-rc1 (dev testing): ok: 1']);
  });
});
