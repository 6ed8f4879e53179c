/**
 * A reply as a neutral document. Commands build it; each network renders it: the shell and IRC as plain
 * lines, Matrix as HTML with a plain body. Text in a Reply is never markup: renderers escape it.
 */
export type Inline =
  | string
  | { readonly strong: string }
  | { readonly code: string }
  /** A person the network should notify (a Matrix pill, an IRC nick mention). */
  | { readonly mention: string; readonly name: string };

export type Block =
  | { readonly kind: 'line'; readonly inlines: readonly Inline[] }
  | { readonly kind: 'list'; readonly items: readonly (readonly Inline[])[] }
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };

export interface Reply {
  readonly tone: 'ok' | 'refused' | 'info';
  readonly blocks: readonly Block[];
}

export const line = (...inlines: Inline[]): Block => ({ kind: 'line', inlines });
export const list = (items: readonly (readonly Inline[])[]): Block => ({ kind: 'list', items });
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): Block => ({ kind: 'table', header, rows });

export const reply = (tone: Reply['tone'], ...blocks: Block[]): Reply => ({ tone, blocks });
export const refusal = (message: string, ...more: Block[]): Reply => reply('refused', line(message), ...more);
