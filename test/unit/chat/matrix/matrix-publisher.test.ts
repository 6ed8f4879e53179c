import { afterEach, describe, expect, it } from 'vitest';
import { EFFECT_KEY_FIELD } from '../../../../src/chat/matrix/matrix-publisher.js';
import { line, reply } from '../../../../src/commands-kit/reply.js';
import { ALICE, announceEffect, createHarness, until, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

// Nothing else waits on the clock in these tests: every scheduled wait is a rate-limit wait.
const rateLimitWaits = (h: Harness): number => h.waits.length;

describe('Matrix publisher', () => {
  it('fans out by audience to the configured room names', async () => {
    h = await createHarness();
    const { publisher } = h.network();
    expect(publisher.targets('release')).toEqual(['#release:fake.test']);
    expect(publisher.targets('testers')).toEqual(['#testers:fake.test']);
    expect(publisher.targets('announce')).toEqual([h.rooms.announce]);
  });

  it('posts the text led by pills for the mentioned leads, with the effect key in the content', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    const outcome = await network.publisher.deliver(announceEffect({ text: 'CI is red on <release-v0.5.0>\nsee status', mentions: ['alice'] }));
    expect(outcome).toEqual({ kind: 'delivered' });
    const [post] = h.fake.botMessages(h.rooms.release);
    expect(post?.content).toEqual({
      msgtype: 'm.text',
      body: 'Alice: CI is red on <release-v0.5.0>\nsee status',
      format: 'org.matrix.custom.html',
      formatted_body: '<a href="https://matrix.to/#/@alice:fake.test">Alice</a>: CI is red on &lt;release-v0.5.0&gt;<br>see status',
      'm.mentions': { user_ids: [ALICE] },
      [EFFECT_KEY_FIELD]: 'release:v0.5.0:stage2:announce',
    });
  });

  it('on M_LIMIT_EXCEEDED waits retry_after_ms on the clock and resends with the same transaction id: posted once', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    h.fake.rateLimitSends = 2;
    h.fake.retryAfterMs = 3_000;
    const delivering = network.publisher.deliver(announceEffect());

    await until(() => rateLimitWaits(h) === 1, 'first rate-limit wait');
    expect(h.fake.botMessages(h.rooms.release)).toHaveLength(0);
    await h.clock.advanceBy(2_999);
    expect(h.fake.sends()).toHaveLength(1);
    await h.clock.advanceBy(1);
    await until(() => rateLimitWaits(h) === 2, 'second rate-limit wait');
    await h.clock.advanceBy(3_000);

    expect(await delivering).toEqual({ kind: 'delivered' });
    const paths = h.fake.sends().map((r) => r.path);
    expect(paths).toHaveLength(3);
    expect(new Set(paths).size).toBe(1);
    expect(h.fake.sends().map((r) => r.status)).toEqual([429, 429, 200]);
    expect(h.fake.botMessages(h.rooms.release)).toHaveLength(1);
  });

  it('still limited after its tries: hands the wait back to the outbox, and the next delivery reuses the transaction id', async () => {
    h = await createHarness();
    const network = h.network({ maxSendTries: 1 });
    await h.start(network);
    h.fake.rateLimitSends = 1;
    h.fake.retryAfterMs = 7_000;
    expect(await network.publisher.deliver(announceEffect())).toEqual({ kind: 'retry', reason: 'matrix rate limit', afterMs: 7_000 });
    expect(await network.publisher.deliver(announceEffect({ attempts: 1 }))).toEqual({ kind: 'delivered' });
    const [first, second] = h.fake.sends();
    expect(second?.path).toBe(first?.path);
    expect(h.fake.botMessages(h.rooms.release)).toHaveLength(1);
  });

  it('without retry_after_ms, waits a default that grows per try', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    h.fake.rateLimitSends = 1;
    h.fake.retryAfterMs = undefined;
    const delivering = network.publisher.deliver(announceEffect());
    await until(() => rateLimitWaits(h) === 1, 'rate-limit wait');
    await h.clock.advanceBy(2_000);
    expect(await delivering).toEqual({ kind: 'delivered' });
    expect(h.fake.botMessages(h.rooms.release)).toHaveLength(1);
  });

  it('a redelivery after a crash finds its post by key even when the homeserver has forgotten the transaction', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    expect(await network.publisher.deliver(announceEffect())).toEqual({ kind: 'delivered' });
    h.fake.say(h.rooms.release, ALICE, { msgtype: 'm.text', body: 'chatter after the post' });
    h.fake.forgetTransactions();

    expect(await network.publisher.deliver(announceEffect({ attempts: 1 }))).toEqual({ kind: 'delivered', already: true });
    expect(h.fake.botMessages(h.rooms.release)).toHaveLength(1);
    // A first try does not look back (nothing can be there); a retry of an effect never posted does post.
    expect(await network.publisher.deliver(announceEffect({ key: 'other', attempts: 1 }))).toEqual({ kind: 'delivered' });
    expect(h.fake.botMessages(h.rooms.release)).toHaveLength(2);
  });

  it('a resend while the homeserver remembers the transaction is the same event', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    await network.publisher.deliver(announceEffect());
    expect(await network.publisher.deliver(announceEffect())).toEqual({ kind: 'delivered' });
    expect(h.fake.botMessages(h.rooms.release)).toHaveLength(1);
  });

  it('never posts into an encrypted room: fails the effect, logs an error and tells the leads in the unencrypted release room', async () => {
    h = await createHarness({ encryptedAnnounce: true });
    const network = h.network();
    await h.start(network);
    expect(h.logs.some((l) => l.level >= 50 && l.msg.includes('encrypted'))).toBe(true);

    const outcome = await network.publisher.deliver(announceEffect({ target: h.rooms.announce, payload: { action: 'announce', text: 'v0.5.0 is out' } }));
    expect(outcome.kind).toBe('failed');
    expect(h.fake.botMessages(h.rooms.announce)).toHaveLength(0);
    const [notice] = h.fake.botMessages(h.rooms.release);
    expect(notice?.content['msgtype']).toBe('m.notice');
    expect(notice?.content['body']).toMatch(/^Alice: I did not post into !room\d+:fake\.test: it is an encrypted room/);
    expect(notice?.content['m.mentions']).toEqual({ user_ids: [ALICE] });
  });

  it('does not reply in an encrypted room either', async () => {
    h = await createHarness({ encryptedAnnounce: true });
    const network = h.network();
    await h.start(network);
    const sends = h.fake.sends().length;
    await network.adapter.reply(
      { network: 'matrix', room: h.rooms.announce, handle: ALICE, displayName: 'Alice', text: '!help', sentAt: h.clock.now() },
      reply('info', line('help')),
    );
    expect(h.fake.sends()).toHaveLength(sends);
    expect(h.logs.some((l) => l.msg.startsWith('not replying in an encrypted matrix room'))).toBe(true);
  });

  it('notices a room turning encryption on while running', async () => {
    h = await createHarness();
    const network = h.network();
    const received = await h.start(network);
    h.fake.turnOnEncryption(h.rooms.testers, ALICE);
    h.fake.say(h.rooms.release, ALICE, { msgtype: 'm.text', body: 'marker' });
    await until(() => received.length === 1, 'the marker message');

    const outcome = await network.publisher.deliver(announceEffect({ target: '#testers:fake.test' }));
    expect(outcome.kind).toBe('failed');
    expect(h.fake.botMessages(h.rooms.testers)).toHaveLength(0);
  });

  it('an unknown alias fails for good; a homeserver error is retried', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    expect((await network.publisher.deliver(announceEffect({ target: '#nowhere:fake.test' }))).kind).toBe('failed');
    await h.fake.close();
    expect((await network.publisher.deliver(announceEffect({ target: '#testers:fake.test' }))).kind).toBe('retry');
  });
});
