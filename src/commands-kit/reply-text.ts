import type { Block, Inline, Reply } from './reply.js';

/** `reply` with `map` applied to every piece of text in it (mention targets included). */
export function mapReplyText(reply: Reply, map: (text: string) => string): Reply {
  const inline = (i: Inline): Inline =>
    typeof i === 'string' ? map(i) : 'strong' in i ? { strong: map(i.strong) } : 'code' in i ? { code: map(i.code) } : { mention: map(i.mention), name: map(i.name) };
  const block = (b: Block): Block => {
    switch (b.kind) {
      case 'line':
        return { kind: 'line', inlines: b.inlines.map(inline) };
      case 'list':
        return { kind: 'list', items: b.items.map((item) => item.map(inline)) };
      case 'table':
        return { kind: 'table', header: b.header.map(map), rows: b.rows.map((row) => row.map(map)) };
    }
  };
  return { tone: reply.tone, blocks: reply.blocks.map(block) };
}
