/** The element structure of an HTML fragment, to show that no element or attribute came from user text. */
import { parseDocument } from 'htmlparser2';

type ChildNode = ReturnType<typeof parseDocument>['children'][number];

export interface Shape {
  /** Tag names and attributes in document order, attribute values left out unless `withValues`. */
  readonly elements: string[];
  /** All text as a browser would show it (entities decoded). */
  readonly text: string;
}

export function shapeOf(html: string, withValues = false): Shape {
  const elements: string[] = [];
  let text = '';
  const walk = (nodes: readonly ChildNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') text += node.data;
      else if (node.type === 'comment') elements.push('<!--comment-->');
      else if ('attribs' in node) {
        const attrs = Object.entries(node.attribs).map(([k, v]) => (withValues ? `${k}=${v}` : k));
        elements.push(`<${node.name}${attrs.length ? ` ${attrs.join(' ')}` : ''}>`);
        walk(node.children);
      }
    }
  };
  walk(parseDocument(html, { decodeEntities: true }).children);
  return { elements, text };
}
