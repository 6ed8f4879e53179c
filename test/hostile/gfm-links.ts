/**
 * GitHub markdown as GitHub shows it: rendered by micromark with its GFM extensions (autolink literals,
 * tables, strikethrough, task lists, footnotes, tag filter), raw HTML let through so any that leaks shows,
 * and read back with htmlparser2: the links (href and shown text), the text outside links, other elements.
 */
import { parseDocument } from 'htmlparser2';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

type ChildNode = ReturnType<typeof parseDocument>['children'][number];

export interface Rendered {
  readonly links: { readonly href: string; readonly text: string }[];
  /** All text as shown, links' text included. */
  readonly text: string;
  /** Text shown outside links, each run separately (GitHub looks for mentions and references there). */
  readonly outside: string[];
  /** Elements other than `<p>` and `<a href>`, as `<name attrs>`. */
  readonly others: string[];
}

export function renderGfm(markdown: string): Rendered {
  const html = micromark(markdown, { allowDangerousHtml: true, allowDangerousProtocol: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  const links: { href: string; text: string }[] = [];
  const outside: string[] = [''];
  const others: string[] = [];
  let text = '';
  const textOf = (nodes: readonly ChildNode[]): string => nodes.map((n) => (n.type === 'text' ? n.data : 'children' in n ? textOf(n.children) : '')).join('');
  const walk = (nodes: readonly ChildNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') {
        text += node.data;
        outside[outside.length - 1] += node.data;
      } else if (node.type === 'comment') {
        others.push('<!--comment-->');
      } else if ('attribs' in node) {
        if (node.name === 'a' && Object.keys(node.attribs).join() === 'href') {
          const shown = textOf(node.children);
          links.push({ href: node.attribs['href'] ?? '', text: shown });
          text += shown;
          outside.push('');
          if (node.children.some((c) => c.type !== 'text')) others.push('<a> holding elements');
        } else {
          if (node.name !== 'p') others.push(`<${node.name}${Object.keys(node.attribs).map((k) => ` ${k}`).join('')}>`);
          walk(node.children);
        }
      }
    }
  };
  walk(parseDocument(html, { decodeEntities: true }).children);
  return { links, text: text.replace(/\n$/, ''), outside, others };
}
