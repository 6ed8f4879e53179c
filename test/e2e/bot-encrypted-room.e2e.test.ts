/**
 * An encrypted Matrix room among the announcement rooms: the bot (which has no end-to-end encryption) posts
 * nothing there, neither plaintext nor anything else, delivers to the other room as usual, and tells the
 * leads in the release room.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { askOnMatrix, matrixPosts } from './helpers/expect-bot.js';
import { World } from './helpers/world.js';

let world: World;
beforeAll(async () => {
  world = await World.create({ encryptedAnnounceRoom: true, only: 'matrix' });
  await world.startBot();
});
afterAll(async () => {
  await world?.close();
});

it('refuses to post into the encrypted room and tells the leads', async () => {
  const m = world.matrix;
  const [plainRoom, encryptedRoom] = m.rooms.announce as [string, string];
  const encryptedAlias = m.aliases.announce[1]!;
  await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release new v0.7.0');
  await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release advance');
  await askOnMatrix(m.alice, m.rooms.release, m.bot.userId, '!release advance');

  const fragment = 'v0.7.0-rc1 is ready for community dev testing';
  await eventually(async () => ((await matrixPosts(m.alice, plainRoom, m.bot.userId, fragment)).length === 1 ? true : undefined), {
    what: 'the announcement in the unencrypted room',
  });
  const notice = await eventually(
    async () => (await matrixPosts(m.alice, m.rooms.release, m.bot.userId, encryptedAlias)).find((e) => /encrypted/.test(e.content.body ?? '')),
    { what: 'the notice to the leads about the encrypted room' },
  );
  expect(notice.content.body).toContain('I did not post into');

  // Nothing at all from the bot in the encrypted room: no message events of any type.
  const all = await m.alice.request<{ chunk: { sender: string; type: string }[] }>(
    'GET',
    `/_matrix/client/v3/rooms/${encodeURIComponent(encryptedRoom)}/messages?dir=b&limit=100`,
  );
  expect(all.chunk.filter((e) => e.sender === m.bot.userId && (e.type === 'm.room.message' || e.type === 'm.room.encrypted'))).toHaveLength(0);
});
