import type { Block, Inline, Reply } from './reply.js';

/** Plain-text lines for the shell and IRC: tables are aligned, lists are dashed, mentions are names. */
export function renderPlain(reply: Reply): string[] {
  return reply.blocks.flatMap(renderBlock);
}

export function inlineText(inline: Inline): string {
  if (typeof inline === 'string') return inline;
  if ('strong' in inline) return inline.strong;
  if ('code' in inline) return inline.code;
  return inline.name;
}

function renderBlock(block: Block): string[] {
  switch (block.kind) {
    case 'line':
      return [block.inlines.map(inlineText).join('')];
    case 'list':
      return block.items.map((item) => `  - ${item.map(inlineText).join('')}`);
    case 'table': {
      const rows = [block.header, ...block.rows];
      const widths = block.header.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
      return rows.map((r) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd());
    }
  }
}
