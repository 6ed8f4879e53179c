import { afterEach, describe, expect, it } from 'vitest';
import { line, reply } from '../../../../src/commands-kit/reply.js';
import { ConfigError } from '../../../../src/config/load.js';
import { ALICE, BOB, createHarness, MALLORY, until, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Matrix adapter: what counts as a command', () => {
  it('skips the bot itself, notices, edits, other rooms, and strips a reply fallback', async () => {
    h = await createHarness();
    await h.start(h.network());
    const { release, testers, announce } = h.rooms;
    h.fake.say(release, h.fake.botUserId, { msgtype: 'm.text', body: '!release status' });
    h.fake.say(release, ALICE, { msgtype: 'm.notice', body: '!release status' });
    h.fake.say(release, ALICE, { msgtype: 'm.text', body: '* !release abort', 'm.new_content': { msgtype: 'm.text', body: '!release abort' }, 'm.relates_to': { rel_type: 'm.replace', event_id: '$x' } });
    h.fake.say(announce, ALICE, { msgtype: 'm.text', body: '!release status' });
    h.fake.say(testers, BOB, { msgtype: 'm.text', body: '> <@alice:fake.test> please test\n\n!tested ok', 'm.relates_to': { 'm.in_reply_to': { event_id: '$q' } } });

    const message = await h.nextMessage();
    expect(message).toMatchObject({ room: '#testers:fake.test', handle: BOB, text: '!tested ok' });
  });

  it('does not run what was said before the bot ever synced (a fresh data directory)', async () => {
    h = await createHarness();
    h.fake.say(h.rooms.release, ALICE, { msgtype: 'm.text', body: '!release abort' });
    await h.start(h.network());
    h.fake.say(h.rooms.release, ALICE, { msgtype: 'm.text', body: '!release status' });
    expect((await h.nextMessage()).text).toBe('!release status');
  });

  it('after a restart resumes from the stored sync token: what was said while away is seen once', async () => {
    h = await createHarness();
    const first = h.network();
    const received = await h.start(first);
    h.fake.say(h.rooms.release, ALICE, { msgtype: 'm.text', body: 'one' });
    await until(() => received.length === 1, 'first message');
    await first.adapter.stop();

    h.fake.say(h.rooms.testers, BOB, { msgtype: 'm.text', body: 'said while away' }, h.clock.now() - 60_000);
    await h.start(h.network());
    h.fake.say(h.rooms.release, ALICE, { msgtype: 'm.text', body: 'three' });
    await until(() => received.length === 3, 'all messages');
    expect(received.map((m) => [m.text, m.sentAt])).toEqual([
      ['one', h.clock.now()],
      ['said while away', h.clock.now() - 60_000],
      ['three', h.clock.now()],
    ]);
    // The stored filter is reused: a new one would make the SDK drop the sync token.
    expect(h.fake.requests.filter((r) => r.path.endsWith('/filter'))).toHaveLength(1);
    expect(h.store.settings.get('matrix.sync-token')).toMatch(/^\d+$/);
  });

  it('reads every message said while away even when the sync leaves some out (limited timeline)', async () => {
    h = await createHarness();
    const first = h.network();
    const received = await h.start(first);
    await first.adapter.stop();
    const said = Array.from({ length: 130 }, (_, i) => `answer ${i}`);
    for (const text of said) h.fake.say(h.rooms.testers, BOB, { msgtype: 'm.text', body: text });

    await h.start(h.network());
    await until(() => received.length === said.length, 'every message');
    expect(received.map((m) => m.text)).toEqual(said);
    const syncs = h.fake.requests.filter((r) => r.path.endsWith('/sync') && r.status === 200);
    expect(syncs.every((r) => r.query.get('filter') === '0')).toBe(true);
    expect(h.fake.requests.filter((r) => r.path.endsWith('/messages'))).toHaveLength(1);
  });
});

describe('Matrix adapter: invites', () => {
  it('accepts an invite from a lead and rejects one from anyone else, with a log line', async () => {
    h = await createHarness();
    await h.start(h.network());
    const fromLead = h.fake.createRoom({ inviteOnly: true });
    const fromStranger = h.fake.createRoom({ inviteOnly: true });
    h.fake.invite(fromStranger, MALLORY);
    h.fake.invite(fromLead, ALICE);
    await until(() => h.fake.isJoined(fromLead), 'joining the lead’s room');
    expect(h.fake.isJoined(fromStranger)).toBe(false);
    expect(h.fake.isInvited(fromStranger)).toBe(false);
    expect(h.logs.find((l) => l.msg.startsWith('matrix invite rejected'))).toMatchObject({ roomId: fromStranger, inviter: MALLORY });
  });

  it('does not run what was said in a room before the bot joined it', async () => {
    h = await createHarness();
    const received = await h.start(h.network());
    const room = h.fake.createRoom({ alias: '#late:fake.test', inviteOnly: true });
    (h.config.rooms.testers as string[]).push('#late:fake.test');
    h.fake.say(room, ALICE, { msgtype: 'm.text', body: '!release abort' });
    h.fake.invite(room, ALICE);
    await until(() => h.fake.isJoined(room), 'joining');
    h.fake.say(room, ALICE, { msgtype: 'm.text', body: '!release status' });
    await until(() => received.length === 1, 'the message after the join');
    expect(received[0]?.text).toBe('!release status');
  });

  it('a configured room it could not join at start is joined when a lead invites the bot, and takes commands', async () => {
    h = await createHarness();
    const closed = h.fake.createRoom({ alias: '#closed:fake.test', inviteOnly: true });
    (h.config.rooms.release as string[]).push('#closed:fake.test');
    const network = h.network();
    await h.start(network);
    expect(h.fake.isJoined(closed)).toBe(false);
    expect(h.logs.some((l) => l.msg.startsWith('cannot join matrix room yet') && l['room'] === '#closed:fake.test')).toBe(true);

    h.fake.invite(closed, ALICE);
    await until(() => h.fake.isJoined(closed), 'joining the configured room');
    h.fake.say(closed, ALICE, { msgtype: 'm.text', body: '!release status' });
    expect(await h.nextMessage()).toMatchObject({ room: '#closed:fake.test', text: '!release status' });
  });
});

describe('Matrix adapter: connection', () => {
  it('reports the sync state and keeps retrying on the clock until the homeserver answers again', async () => {
    h = await createHarness();
    const network = h.network();
    const received = await h.start(network);
    h.fake.failSyncsWith = 502;
    h.fake.say(h.rooms.release, ALICE, { msgtype: 'm.text', body: 'while the homeserver struggles' });
    await until(() => h.waits.length === 1, 'the first retry wait');
    for (let tries = 1; tries <= 3; tries += 1) {
      await h.clock.advanceBy(h.waits[tries - 1]!);
      await until(() => h.waits.length === tries + 1, 'the next retry wait');
    }
    expect(h.waits).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(network.connected()).toBe(false);
    h.fake.failSyncsWith = null;
    await h.clock.advanceBy(8_000);
    await until(() => network.connected(), 'sync resumed');
    await until(() => received.length === 1, 'the message');
    expect(received[0]?.text).toBe('while the homeserver struggles');
    expect(h.logs.filter((l) => l.msg.startsWith('matrix sync failed'))).toHaveLength(1);
  });

  it('a reply that meets a rate limit is resent with the same transaction id', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    h.fake.say(h.rooms.release, ALICE, { msgtype: 'm.text', body: '!help' });
    const message = await h.nextMessage();
    h.fake.rateLimitSends = 1;
    const replying = network.adapter.reply(message, reply('info', line('help text')));
    await until(() => h.waits.length === 1, 'the rate-limit wait');
    expect(h.logs.some((l) => l.msg.startsWith('matrix rate limit'))).toBe(true);
    await h.clock.advanceBy(3_000);
    await replying;
    const [first, second] = h.fake.sends();
    expect(second?.path).toBe(first?.path);
    expect(h.fake.botMessages(h.rooms.release)).toHaveLength(1);
  });

  it('a homeserver that is down at start does not hold the app up: it connects in the background when it is back', async () => {
    h = await createHarness();
    h.fake.down = 502;
    const network = h.network();
    const received = await h.start(network);
    expect(network.connected()).toBe(false);
    expect(h.logs.some((l) => l.msg.startsWith('cannot reach the matrix homeserver'))).toBe(true);
    h.fake.down = null;
    await h.clock.advanceBy(1_000);
    await until(() => network.connected(), 'connected');
    expect(h.fake.isJoined(h.rooms.release)).toBe(true);
    h.fake.say(h.rooms.release, ALICE, { msgtype: 'm.text', body: '!release status' });
    await until(() => received.length === 1, 'the command');
  });

  it('a refused access token stops the start with an error naming the config key', async () => {
    h = await createHarness();
    const network = h.network({}, { env: { TEST_MATRIX_TOKEN: 'wrong-token' } });
    const started = h.start(network);
    await expect(started).rejects.toThrow(/refused the access token \(M_UNKNOWN_TOKEN.*check chat\.matrix\.accessToken/);
    expect(h.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain('wrong-token');
  });

  it('a missing access token is a config error naming the key, without the value', async () => {
    h = await createHarness();
    const attempt = (): unknown => h.network({}, { env: { OTHER: h.fake.token } });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/chat\.matrix\.accessToken: the environment variable TEST_MATRIX_TOKEN is not set/);
    expect(h.fake.requests).toEqual([]);
  });
});
