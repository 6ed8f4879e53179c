/**
 * The links GitHub makes by itself in plain text (GFM's autolink extension: `www.`, `http://`, `https://`
 * addresses, with its trailing-punctuation and parenthesis rules), found by micromark's implementation of
 * that extension rather than by a rule of ours. The text is read as plain text: every other markdown
 * construct is switched off, since a person's text is shown as typed.
 */
import { createRequire } from 'node:module';

type Micromark = typeof import('micromark');
type AutolinkLiteral = typeof import('micromark-extension-gfm-autolink-literal');
let loaded: { readonly micromark: Micromark; readonly autolink: AutolinkLiteral } | undefined;

/**
 * micromark is loaded on the first GitHub text composed, not at start: a start and `!help` never need it.
 * In the bundle the literal require() is esbuild's lazy module (bundled, run on first call); under tsx and
 * vitest, where an ES module has no require, Node's own (which loads an ES module since Node 20.19).
 */
function libraries(): { readonly micromark: Micromark; readonly autolink: AutolinkLiteral } {
  if (loaded) return loaded;
  const bundled = typeof require === 'function';
  const load = bundled ? undefined : createRequire(import.meta.url);
  loaded = {
    micromark: (bundled ? require('micromark') : load!('micromark')) as Micromark,
    autolink: (bundled ? require('micromark-extension-gfm-autolink-literal') : load!('micromark-extension-gfm-autolink-literal')) as AutolinkLiteral,
  };
  return loaded;
}

export interface WebLink {
  /** UTF-16 offsets of the address in the text, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The address as typed. */
  readonly text: string;
  /** Where GitHub's link goes: the address itself, or `http://` before a `www.` address. */
  readonly href: string;
}

/** Every CommonMark construct but paragraphs and line endings: none of them applies to typed text. */
const PLAIN_TEXT = {
  disable: {
    null: [
      'attention', 'autolink', 'characterEscape', 'characterReference', 'codeText', 'hardBreakEscape', 'htmlText',
      'labelStartImage', 'labelStartLink', 'labelEnd', 'blockQuote', 'codeFenced', 'codeIndented', 'definition',
      'headingAtx', 'htmlFlow', 'list', 'setextUnderline', 'thematicBreak',
    ],
  },
};

/** The web addresses GitHub would link in `text` read as plain text (e-mail addresses are not among them). */
export function webLinksIn(text: string): WebLink[] {
  const { micromark: { parse, postprocess, preprocess }, autolink: { gfmAutolinkLiteral } } = libraries();
  const events = postprocess(parse({ extensions: [gfmAutolinkLiteral(), PLAIN_TEXT] }).document().write(preprocess()(text, undefined, true)));
  const links: WebLink[] = [];
  for (const [kind, token] of events) {
    if (kind !== 'enter' || (token.type !== 'literalAutolinkHttp' && token.type !== 'literalAutolinkWww')) continue;
    const start = token.start.offset;
    const end = token.end.offset;
    const typed = text.slice(start, end);
    links.push({ start, end, text: typed, href: token.type === 'literalAutolinkWww' ? `http://${typed}` : typed });
  }
  return links;
}
