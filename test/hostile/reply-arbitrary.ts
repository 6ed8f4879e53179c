/** Generated replies: every block and inline kind, filled with hostile text. */
import fc from 'fast-check';
import type { Block, Inline, Reply } from '../../src/commands-kit/reply.js';
import { hostileText } from './arbitraries.js';

export const PERSON_IDS = ['alice', 'bob', 'nobody'] as const;

const text = hostileText(20);
const inline: fc.Arbitrary<Inline> = fc.oneof(
  text,
  text.map((strong) => ({ strong })),
  text.map((code) => ({ code })),
  fc.tuple(fc.constantFrom(...PERSON_IDS), text).map(([mention, name]) => ({ mention, name })),
);
const inlines = fc.array(inline, { maxLength: 5 });
const block: fc.Arbitrary<Block> = fc.oneof(
  inlines.map((items) => ({ kind: 'line' as const, inlines: items })),
  fc.array(inlines, { maxLength: 4 }).map((items) => ({ kind: 'list' as const, items })),
  fc.integer({ min: 1, max: 4 }).chain((columns) =>
    fc
      .tuple(fc.array(text, { minLength: columns, maxLength: columns }), fc.array(fc.array(text, { minLength: columns, maxLength: columns }), { maxLength: 4 }))
      .map(([header, rows]) => ({ kind: 'table' as const, header, rows })),
  ),
);

export const hostileReply: fc.Arbitrary<Reply> = fc
  .tuple(fc.constantFrom('ok' as const, 'refused' as const, 'info' as const), fc.array(block, { maxLength: 5 }))
  .map(([tone, blocks]) => ({ tone, blocks }));

/** The same reply with every user string replaced by a plain word: the markup it must render to. */
export function skeletonOf(reply: Reply): Reply {
  const word = (): string => 'x';
  const inline = (i: Inline): Inline => (typeof i === 'string' ? word() : 'strong' in i ? { strong: word() } : 'code' in i ? { code: word() } : { ...i, name: word() });
  return {
    ...reply,
    blocks: reply.blocks.map((b): Block => {
      if (b.kind === 'line') return { ...b, inlines: b.inlines.map(inline) };
      if (b.kind === 'list') return { ...b, items: b.items.map((item) => item.map(inline)) };
      return { ...b, header: b.header.map(word), rows: b.rows.map((r) => r.map(word)) };
    }),
  };
}
