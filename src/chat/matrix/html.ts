import { renderPlain } from '../../commands-kit/render-plain.js';
import type { Block, Inline, Reply } from '../../commands-kit/reply.js';

/** The parts of an m.room.message body that carry text (the caller adds msgtype and relations). */
export interface MatrixText {
  readonly body: string;
  readonly format: 'org.matrix.custom.html';
  readonly formatted_body: string;
  /** Intentional mentions (MSC3952): only these users are notified, whatever the text says. */
  readonly 'm.mentions': { readonly user_ids: readonly string[] };
}

/** Turns a mention's person id into the Matrix user id to pill, or undefined to write the name only. */
export type MatrixIdOf = (personId: string) => string | undefined;

/** Everything user-supplied goes through here before it is put into HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A user pill: Matrix clients render a link to matrix.to with a user id as that user's chip. */
export function pill(userId: string, name: string): string {
  return `<a href="https://matrix.to/#/${escapeHtml(userId)}">${escapeHtml(name)}</a>`;
}

/** A command reply: plain lines as the body, the same content as escaped HTML. */
export function renderReply(reply: Reply, matrixIdOf: MatrixIdOf): MatrixText {
  const mentioned = new Set<string>();
  const html = reply.blocks.map((block) => renderBlock(block, matrixIdOf, mentioned)).join('');
  return {
    body: renderPlain(reply).join('\n'),
    format: 'org.matrix.custom.html',
    formatted_body: html,
    'm.mentions': { user_ids: [...mentioned] },
  };
}

/**
 * A post (announcement, notice to the leads): the text as composed at commit time, led by pills for the
 * people it mentions, e.g. "Alice, Bob: CI is red on release-v0.5.0".
 */
export function renderPost(text: string, mentions: readonly { readonly userId: string | undefined; readonly name: string }[]): MatrixText {
  const lines = text.split('\n');
  const htmlLines = lines.map(escapeHtml);
  let body = lines.join('\n');
  if (mentions.length > 0) {
    const plainLead = mentions.map((m) => m.name).join(', ');
    const htmlLead = mentions.map((m) => (m.userId ? pill(m.userId, m.name) : escapeHtml(m.name))).join(', ');
    body = `${plainLead}: ${body}`;
    htmlLines[0] = `${htmlLead}: ${htmlLines[0] ?? ''}`;
  }
  const userIds = [...new Set(mentions.flatMap((m) => (m.userId ? [m.userId] : [])))];
  return { body, format: 'org.matrix.custom.html', formatted_body: htmlLines.join('<br>'), 'm.mentions': { user_ids: userIds } };
}

function renderBlock(block: Block, matrixIdOf: MatrixIdOf, mentioned: Set<string>): string {
  const inlines = (items: readonly Inline[]): string => items.map((i) => renderInline(i, matrixIdOf, mentioned)).join('');
  switch (block.kind) {
    case 'line':
      return `<p>${inlines(block.inlines)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${inlines(item)}</li>`).join('')}</ul>`;
    case 'table': {
      const head = `<tr>${block.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
      const rows = block.rows.map((r) => `<tr>${r.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
      return `<table><thead>${head}</thead><tbody>${rows}</tbody></table>`;
    }
  }
}

function renderInline(inline: Inline, matrixIdOf: MatrixIdOf, mentioned: Set<string>): string {
  if (typeof inline === 'string') return escapeHtml(inline);
  if ('strong' in inline) return `<strong>${escapeHtml(inline.strong)}</strong>`;
  if ('code' in inline) return `<code>${escapeHtml(inline.code)}</code>`;
  const userId = matrixIdOf(inline.mention);
  if (!userId) return escapeHtml(inline.name);
  mentioned.add(userId);
  return pill(userId, inline.name);
}
