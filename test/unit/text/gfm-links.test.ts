/**
 * Which addresses GitHub links by itself, as the GFM spec's autolink extension examples say (the spec
 * text, not our reading of it: www., http(s)://, trailing punctuation, parentheses, entity-like endings,
 * underscores in the last domain segments), read from plain text.
 */
import { describe, expect, it } from 'vitest';
import { webLinksIn } from '../../../src/text/gfm-links.js';

const hrefs = (text: string): string[] => webLinksIn(text).map((l) => l.href);

describe('webLinksIn (GFM autolink extension)', () => {
  it('finds www. and http(s):// addresses, with www. going to http://', () => {
    expect(hrefs('www.commonmark.org/help and https://commonmark.org/help')).toEqual(['http://www.commonmark.org/help', 'https://commonmark.org/help']);
    expect(webLinksIn('see https://a.com/x ok')).toEqual([{ start: 4, end: 19, text: 'https://a.com/x', href: 'https://a.com/x' }]);
  });

  it('leaves trailing punctuation out, and an unbalanced closing parenthesis', () => {
    expect(hrefs('Visit www.commonmark.org.')).toEqual(['http://www.commonmark.org']);
    expect(hrefs('Visit www.commonmark.org/a.b.')).toEqual(['http://www.commonmark.org/a.b']);
    expect(hrefs('www.google.com/search?q=Markup+(business)')).toEqual(['http://www.google.com/search?q=Markup+(business)']);
    expect(hrefs('(www.google.com/search?q=Markup+(business))')).toEqual(['http://www.google.com/search?q=Markup+(business)']);
    expect(hrefs('fix (https://github.com/ipfs/go-ipfs/pull/6255), see')).toEqual(['https://github.com/ipfs/go-ipfs/pull/6255']);
  });

  it('leaves out an entity-like ending, and takes #fragments in', () => {
    expect(hrefs('www.google.com/search?q=commonmark&hl;')).toEqual(['http://www.google.com/search?q=commonmark']);
    expect(hrefs('https://github.com/ipfs/go-ipfs/blob/master/core/coreunix/add_test.go#L120')).toEqual(['https://github.com/ipfs/go-ipfs/blob/master/core/coreunix/add_test.go#L120']);
  });

  it('links no bare domain, no e-mail address, no domain with an underscore in its last segments', () => {
    expect(hrefs('dist.ipfs.io alice@example.org http://a.b_c.d www.x_y.z')).toEqual([]);
    expect(hrefs('www.a_b.example.com')).toEqual(['http://www.a_b.example.com']);
  });

  it('stops at < and whitespace', () => {
    expect(hrefs('www.commonmark.org/he<lp')).toEqual(['http://www.commonmark.org/he']);
  });
});
