/**
 * Person-typed text made inert for GitHub markdown, rendered by a real GFM renderer (micromark with its
 * GFM extensions, raw HTML let through) and read back: the text shows as typed; the only links are the web
 * addresses GitHub itself would link in that text, each going exactly where the typed address goes; no
 * other element; and nothing outside the links that GitHub would turn into a mention or a reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../../../src/commands-kit/sanitize.js';
import { webLinksIn } from '../../../src/text/gfm-links.js';
import { inertMarkdown } from '../../../src/text/inert-markdown.js';
import { hostileText } from '../arbitraries.js';
import { renderGfm } from '../gfm-links.js';

/** Addresses with the shapes GFM's autolink rules treat specially: parentheses, trailing punctuation, www. */
const ADDRESSES = [
  'https://github.com/ipfs/go-ipfs/pull/6255',
  'https://github.com/ipfs/go-ipfs/blob/master/core/coreunix/add_test.go#L120',
  'https://en.wikipedia.org/wiki/Foo_(bar)',
  'http://example.org/a_(b)_c)',
  'www.example.com/path?q=1&r=2',
  'www.ex-ample.co.uk.',
  'WWW.EXAMPLE.COM',
  'HTTPS://EXAMPLE.COM/X',
  'https://a.com/@alice/#123',
  'https://a.com/x\\y',
  'https://a.com/&amp;x&copy;',
  'https://a.com/a;b&c;',
  'https://a.com/**b**_c_',
  'https://例え.jp/パス',
  'https://a.com/<b>',
  'http://a.b_c.d',
  'alice@example.org',
  'mailto:alice@example.org',
  'dist.ipfs.io',
] as const;
const PUNCTUATION = ['.', ',', ')', '(', '!', '?', '*', '_', '~', '"', "'", ':', ';', '\\', '`', '[', ']', '<', '>', '&', '#', '@', 'GH-12', 'ipfs/go-ipfs#6255'] as const;

const text = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: hostileText(6) },
      { weight: 3, arbitrary: fc.constantFrom(...ADDRESSES) },
      { weight: 3, arbitrary: fc.constantFrom(...PUNCTUATION) },
      { weight: 2, arbitrary: fc.constant(' ') },
    ),
    { maxLength: 24 },
  )
  .map((parts) => sanitizeText(parts.join('')));

/** Characters GitHub's renderer writes into an href unchanged: for these the href is the address byte for byte. */
const HREF_SAFE = /^[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]*$/;

/** As the release issue's comments hold a reason: after other words, followed by more. */
const BEFORE = 'Restarted at stage 0: ';
const AFTER = ' (end)';

function expectInert(typed: string): void {
  const markdown = `${BEFORE}${inertMarkdown(typed)}${AFTER}`;
  const shown = renderGfm(markdown);
  expect(shown.others, markdown).toEqual([]);
  expect(shown.text.replaceAll('\u200b', '')).toBe(`${BEFORE}${typed}${AFTER}`);
  // The links are the addresses GitHub links in the typed text, in order, each shown as typed...
  const addresses = webLinksIn(typed);
  expect(shown.links.map((l) => l.text)).toEqual(addresses.map((a) => a.text));
  addresses.forEach((address, i) => {
    const href = shown.links[i]?.href;
    // ...going where GitHub's own link for that address goes, byte for byte when the address needs no encoding.
    expect(href).toBe(renderGfm(address.text).links[0]?.href);
    if (HREF_SAFE.test(address.href)) expect(href).toBe(address.href);
  });
  for (const run of shown.outside) {
    expect(run, markdown).not.toMatch(/[@#][\p{L}\p{N}_-]/u);
    expect(run, markdown).not.toMatch(/\bGH-\d/i);
  }
  expect(markdown).not.toContain('<!--');
}

describe('inertMarkdown on GitHub', () => {
  it('renders as the typed text, with working links for its web addresses and nothing else', () => {
    fc.assert(fc.property(text, expectInert));
  });

  it('hostile text alone renders as text only', () => {
    fc.assert(fc.property(hostileText(40), (raw) => expectInert(sanitizeText(raw))));
  });

  it('the go-ipfs restart reason keeps both links exact (no backslash in the pull link, no space in #L120)', () => {
    const reason = 'fix merged (https://github.com/ipfs/go-ipfs/pull/6255), see https://github.com/ipfs/go-ipfs/blob/master/core/coreunix/add_test.go#L120';
    const shown = renderGfm(inertMarkdown(reason));
    expect(shown.text).toBe(reason);
    expect(shown.links).toEqual([
      { href: 'https://github.com/ipfs/go-ipfs/pull/6255', text: 'https://github.com/ipfs/go-ipfs/pull/6255' },
      {
        href: 'https://github.com/ipfs/go-ipfs/blob/master/core/coreunix/add_test.go#L120',
        text: 'https://github.com/ipfs/go-ipfs/blob/master/core/coreunix/add_test.go#L120',
      },
    ]);
    expectInert(reason);
  });
});
