import { renderPlain } from '../../commands-kit/render-plain.js';
import type { Block, Inline, Reply } from '../../commands-kit/reply.js';

/**
 * How a person is addressed on IRC so their client highlights it: the nick they use now (when the bot
 * sees them logged in) or else their account name, which on most networks is also their main nick.
 */
export type MentionOf = (personId: string) => string | undefined;

/** A reply as IRC lines: plain text, mentions as nicks, the first line addressed to the asker. */
export function renderIrcReply(reply: Reply, askerNick: string, mentionOf: MentionOf): string[] {
  const lines = renderPlain({ ...reply, blocks: reply.blocks.map((b) => withNicks(b, mentionOf)) });
  const [first, ...rest] = lines;
  return first === undefined ? [] : [`${askerNick}: ${first}`, ...rest];
}

/** An announcement's text, the people it mentions named up front (`alice, bob: text`). */
export function renderIrcAnnouncement(text: string, mentions: readonly string[], mentionOf: MentionOf): string {
  const nicks = mentions.map((id) => mentionOf(id)).filter((n): n is string => n !== undefined);
  return nicks.length > 0 ? `${nicks.join(', ')}: ${text}` : text;
}

function withNicks(block: Block, mentionOf: MentionOf): Block {
  const swap = (inline: Inline): Inline =>
    typeof inline === 'object' && 'mention' in inline ? { ...inline, name: mentionOf(inline.mention) ?? inline.name } : inline;
  switch (block.kind) {
    case 'line':
      return { ...block, inlines: block.inlines.map(swap) };
    case 'list':
      return { ...block, items: block.items.map((item) => item.map(swap)) };
    case 'table':
      return block;
  }
}
