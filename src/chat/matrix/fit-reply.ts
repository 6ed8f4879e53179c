/**
 * Keeping a reply inside Matrix's event size limit. A homeserver refuses an event whose JSON is over
 * 65,536 bytes, envelope (room, sender, hashes, signatures, prev/auth events) included, and the content
 * carries the text twice (plain body and HTML). A `!testers` matrix of a few hundred organisations is
 * over that, and a refused reply is a question left unanswered. So a reply whose content would be too big
 * keeps its first rows and ends with a line saying how many were left out and where to see them all.
 */
import { line, type Block, type Reply } from '../../commands-kit/reply.js';
import { renderReply, type MatrixIdOf, type MatrixText } from './html.js';

/** The content budget: the limit less a generous envelope allowance. */
export const MAX_CONTENT_BYTES = 56 * 1024;

const contentBytes = (text: MatrixText, extra: Record<string, unknown>): number => Buffer.byteLength(JSON.stringify({ ...extra, ...text }), 'utf8');

/** The reply rendered for Matrix, cut to its first rows when the whole would not fit in one event. */
export function renderFittingReply(reply: Reply, matrixIdOf: MatrixIdOf, extra: Record<string, unknown> = {}, maxBytes = MAX_CONTENT_BYTES): MatrixText {
  const whole = renderReply(reply, matrixIdOf);
  if (contentBytes(whole, extra) <= maxBytes) return whole;
  const total = rowCount(reply.blocks);
  const attempt = (kept: number): MatrixText => {
    const left = total - kept;
    const note = line(`… (${left} more ${left === 1 ? 'row' : 'rows'}; the status page has them all)`);
    return renderReply({ ...reply, blocks: [...firstRows(reply.blocks, kept), note] }, matrixIdOf);
  };
  // The most rows that fit: the size grows with the rows kept, so a binary search finds it.
  let low = 0;
  let high = total - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (contentBytes(attempt(mid), extra) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return attempt(low);
}

/** A line, a list item and a table row each count as one row (a table's header comes with its first row). */
function rowCount(blocks: readonly Block[]): number {
  return blocks.reduce((n, b) => n + (b.kind === 'line' ? 1 : b.kind === 'list' ? b.items.length : b.rows.length), 0);
}

function firstRows(blocks: readonly Block[], count: number): Block[] {
  const kept: Block[] = [];
  let left = count;
  for (const block of blocks) {
    if (left <= 0) break;
    if (block.kind === 'line') {
      kept.push(block);
      left -= 1;
    } else if (block.kind === 'list') {
      kept.push({ ...block, items: block.items.slice(0, left) });
      left -= Math.min(left, block.items.length);
    } else {
      kept.push({ ...block, rows: block.rows.slice(0, left) });
      left -= Math.min(left, block.rows.length);
    }
  }
  return kept;
}
