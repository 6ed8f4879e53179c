import { afterEach, describe, expect, it } from 'vitest';
import { line, reply } from '../../../../src/commands-kit/reply.js';
import { ALICE, BOB, createHarness, T0, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Matrix network: commands in, replies out', () => {
  it('joins the configured rooms (aliases resolved) and hands over a lead command with its verified sender and timestamp', async () => {
    h = await createHarness();
    const network = h.network();
    expect(network.connected()).toBe(false);
    await h.start(network);
    expect(network.connected()).toBe(true);
    for (const room of Object.values(h.rooms)) expect(h.fake.isJoined(room)).toBe(true);

    h.fake.say(h.rooms.release, ALICE, { msgtype: 'm.text', body: '!release status' }, T0 - 5_000);
    const message = await h.nextMessage();
    expect(message).toEqual({
      network: 'matrix',
      room: '#release:fake.test',
      handle: ALICE,
      displayName: 'Alice <Lead>',
      text: '!release status',
      sentAt: T0 - 5_000,
    });
    expect(h.fake.unknownRequests()).toEqual([]);
  });

  it('replies as a Matrix reply: plain body, escaped HTML, a pill and m.mentions for a mentioned lead', async () => {
    h = await createHarness();
    const network = h.network();
    await h.start(network);
    const command = h.fake.say(h.rooms.release, BOB, { msgtype: 'm.text', body: '!tested <b>ok</b>' });
    const message = await h.nextMessage();
    expect(message.displayName).toBe(BOB);

    await network.adapter.reply(message, reply('ok', line('Recorded "', { code: '<b>ok</b>' }, '" & told ', { mention: 'alice', name: 'Alice <Lead>' })));

    const [post] = h.fake.botMessages(h.rooms.release);
    expect(post?.content).toEqual({
      msgtype: 'm.notice',
      body: 'Recorded "<b>ok</b>" & told Alice <Lead>',
      format: 'org.matrix.custom.html',
      formatted_body:
        '<p>Recorded &quot;<code>&lt;b&gt;ok&lt;/b&gt;</code>&quot; &amp; told <a href="https://matrix.to/#/@alice:fake.test">Alice &lt;Lead&gt;</a></p>',
      'm.mentions': { user_ids: [ALICE] },
      'm.relates_to': { 'm.in_reply_to': { event_id: command.event_id } },
    });
  });
});
