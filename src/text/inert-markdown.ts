/**
 * Person-typed text (a lead's reason, a tester's note) placed into GitHub markdown: an issue body or a
 * comment. It must read as typed and do nothing else: no emphasis, code, links, images or HTML from
 * punctuation; no notification from `@someone` or `@org/team`; no cross-reference from `#123`, `GH-123` or
 * `owner/repo#123`; and no `<!-- stagehand:KEY -->` marker, which the GitHub publisher takes as proof that a
 * comment was delivered (a forged one would make a later post be skipped). Web addresses in it stay
 * working links to exactly what was typed: each is written as an explicit link, and only the text between
 * them is escaped (a backslash or a zero-width space inside an address would change where it goes).
 */
import { webLinksIn, type WebLink } from './gfm-links.js';

const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()!|~]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function inertMarkdown(text: string): string {
  let out = '';
  let at = 0;
  for (const link of webLinksIn(text)) {
    out += inertText(text.slice(at, link.start)) + explicitLink(link);
    at = link.end;
  }
  return out + inertText(text.slice(at));
}

/**
 * Text that is not an address: mentions and references broken by an invisible space, markdown punctuation
 * escaped, and what could still start a link on GitHub (`://`, `www.`: the escapes above would end up
 * inside it) broken by an escape that shows nothing. Such text is no address by GitHub's own rules.
 */
function inertText(text: string): string {
  // A zero-width space after @ and # breaks mentions and issue references and stays invisible.
  const unreferenced = text.replace(/([@#])(?=[\p{L}\p{N}_-])/gu, '$1\u200b').replace(/\b(GH-)(?=\d)/gi, '$1\u200b');
  return escaped(unreferenced).replace(/:(?=\/\/)/g, '\\:').replace(/(www)\./gi, '$1\\.');
}

/**
 * `[address](<href>)`: the label is the address escaped to show as typed (GitHub links nothing inside a
 * link's label, and mentions there stay text); the destination in angle brackets takes any character, with
 * `\`, `<` and `>` escaped and `&` written `&amp;`, so neither a backslash escape nor an entity changes the
 * href (cmark decodes entities before backslash escapes: `\&` would not protect an `&amp;` in an address).
 */
function explicitLink(link: WebLink): string {
  return `[${escaped(link.text)}](<${link.href.replace(/[\\<>]/g, '\\$&').replace(/&/g, '&amp;')}>)`;
}

const escaped = (text: string): string => text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c).replace(MARKDOWN_PUNCTUATION, '\\$&');
