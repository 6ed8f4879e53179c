/**
 * Waiting for what the bot says on each network, in the form the issue asks for: on Matrix a real reply
 * (m.in_reply_to the command's event), on IRC a line addressed to the asker's nick.
 */
import { eventually } from './eventually.js';
import type { IrcLine, IrcUser } from './irc.js';
import type { MatrixEvent, MatrixUser } from './matrix.js';

export const inReplyTo = (e: MatrixEvent): string | undefined =>
  ((e.content['m.relates_to'] as { 'm.in_reply_to'?: { event_id?: string } } | undefined)?.['m.in_reply_to'])?.event_id;

/** `user` says `text` in `roomId`; resolves with the bot's reply to that very event. */
export async function askOnMatrix(user: MatrixUser, roomId: string, botId: string, text: string, timeoutMs = 30_000): Promise<MatrixEvent> {
  const eventId = await user.say(roomId, text);
  return eventually(async () => (await user.messages(roomId)).find((e) => e.sender === botId && inReplyTo(e) === eventId), {
    what: `the bot's Matrix reply to "${text}"`,
    timeoutMs,
  });
}

/** `user` says `text` in `channel`; resolves with the bot's reply lines (the first addressed to the asker). */
export async function askOnIrc(user: IrcUser, channel: string, botNick: string, text: string, timeoutMs = 30_000): Promise<IrcLine[]> {
  const from = user.lines.length;
  user.say(channel, text);
  const first = await user.waitFor(
    (l) => l.from.toLowerCase() === botNick.toLowerCase() && l.target.toLowerCase() === channel.toLowerCase() && l.text.startsWith(`${user.nick}`),
    { from, what: `the bot's IRC reply to "${text}"`, timeoutMs },
  );
  const start = user.lines.indexOf(first);
  // The rest of a multi-line reply follows from the bot in the same channel, before anything else it says.
  const rest = user.lines.slice(start + 1).filter((l) => l.from.toLowerCase() === botNick.toLowerCase() && l.target.toLowerCase() === channel.toLowerCase());
  return [first, ...rest];
}

/** Matrix room messages from `sender` whose body contains `fragment`. */
export async function matrixPosts(reader: MatrixUser, roomId: string, sender: string, fragment: string): Promise<MatrixEvent[]> {
  return (await reader.messages(roomId, 200)).filter((e) => e.sender === sender && (e.content.body ?? '').includes(fragment));
}
