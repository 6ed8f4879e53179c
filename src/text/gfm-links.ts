/**
 * The links GitHub makes by itself in plain text (GFM's autolink extension: `www.`, `http://`, `https://`
 * addresses, with its trailing-punctuation and parenthesis rules), found by micromark's implementation of
 * that extension rather than by a rule of ours. The text is read as plain text: every other markdown
 * construct is switched off, since a person's text is shown as typed.
 */
import { parse, postprocess, preprocess } from 'micromark';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';

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
