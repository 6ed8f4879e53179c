/**
 * Person-typed text made inert for GitHub markdown: rendered by a CommonMark renderer with HTML, links and
 * linkify on, it is plain text (no element but the link a typed https address becomes) that reads as typed, with a zero-width space after every
 * @ and # that could start a mention or an issue reference.
 */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../../../src/commands-kit/sanitize.js';
import { inertMarkdown } from '../../../src/text/inert-markdown.js';
import { hostileText } from '../arbitraries.js';
import { shapeOf } from '../html-shape.js';

const md = new MarkdownIt({ html: true, linkify: true });
/** Without linkify, for reading the text back (a linkified address shows its normalised form). */
const mdText = new MarkdownIt({ html: true });

describe('inertMarkdown', () => {
  it('renders as text only, the text as typed', () => {
    fc.assert(
      fc.property(hostileText(40), (raw) => {
        // Notes and reasons reach the composer sanitized (one line, no controls).
        const text = sanitizeText(raw);
        const html = md.renderInline(inertMarkdown(text));
        const shape = shapeOf(html, true);
        // GitHub, like linkify, makes a typed http(s) address clickable; nothing else becomes an element.
        expect(shape.elements.filter((e) => !/^<a href=https?:\/\/\S+>$/.test(e))).toEqual([]);
        const read = shapeOf(mdText.renderInline(inertMarkdown(text))).text;
        expect(read.replaceAll('\u200b', '')).toBe(text.replaceAll('\u200b', ''));
        expect(read).not.toMatch(/[@#][\p{L}\p{N}_-]/u);
        expect(inertMarkdown(text)).not.toContain('<!--');
      }),
    );
  });
});
