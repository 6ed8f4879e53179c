/**
 * A rate-limited Matrix send is delivered once. The bot's account keeps Synapse's default message limit
 * (0.2/s after a burst of 10), so a lead's burst of commands makes Synapse answer M_LIMIT_EXCEEDED; the
 * bot waits as told and resends with the same transaction id. Every command still gets exactly one reply.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { inReplyTo } from './helpers/expect-bot.js';
import { servers } from './helpers/servers.js';
import { World } from './helpers/world.js';

const COMMANDS = 12;

let world: World;
beforeAll(async () => {
  world = await World.create({ botRateLimited: true, only: 'matrix' });
  await world.startBot();
});
afterAll(async () => {
  await world?.close();
});

it('replies to each of a burst of commands exactly once although Synapse rate-limits the bot', async () => {
  const m = world.matrix;
  const asked: string[] = [];
  for (let i = 0; i < COMMANDS; i++) asked.push(await m.alice.say(m.rooms.release, '!release status'));

  const replies = await eventually(
    async () => {
      const fromBot = (await m.alice.messages(m.rooms.release, 200)).filter((e) => e.sender === m.bot.userId);
      return asked.every((id) => fromBot.some((e) => inReplyTo(e) === id)) ? fromBot : undefined;
    },
    { what: `replies to all ${COMMANDS} commands`, timeoutMs: 100_000, intervalMs: 500 },
  );
  for (const id of asked) expect(replies.filter((e) => inReplyTo(e) === id)).toHaveLength(1);
  expect(replies).toHaveLength(COMMANDS);

  // Synapse did refuse some of those sends, and each refused one went through later under the same
  // transaction id (the request path ends in it), which is what keeps a retry from posting twice.
  const accessLog = readFileSync(join(servers().runDir, 'synapse/homeserver.log'), 'utf8').split('\n');
  const sends = (status: number): string[] =>
    accessLog
      .filter((l) => l.includes(`{${m.bot.userId}}`))
      .map((l) => new RegExp(` ${status} "PUT (/_matrix/client/v3/rooms/[^ ]+/send/m\\.room\\.message/[^ ]+) `).exec(l)?.[1])
      .filter((path): path is string => path !== undefined);
  const limited = sends(429);
  const accepted = sends(200);
  expect(limited.length).toBeGreaterThan(0);
  for (const path of limited) expect(accepted).toContain(path);
  expect(accepted).toHaveLength(COMMANDS);
});
