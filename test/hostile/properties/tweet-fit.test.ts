/**
 * Tweets fitted as X counts them: checked against `parseTweet` from twitter-text (the library X publishes),
 * never against a rule of our own. Generated texts mix what breaks naive counting: ASCII words, CJK, emoji
 * sequences (ZWJ families, skin tones, flags), combining marks, links with and without a scheme, bare
 * domains, ellipses glued to links, newlines; the release link sits before, among or after them.
 */
import fc from 'fast-check';
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { fitTweet } from '../../../src/text/tweet-fit.js';

const RELEASE = 'https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0-rc1';

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom('新しいリリース', '日本語', '中文字符测试', '한국어', 'リリース候補です') },
  { weight: 2, arbitrary: fc.constantFrom('👨‍👩‍👧‍👦', '👍🏽', '👩🏿‍💻', '🏳️‍🌈', '🇯🇵', '❤️', '🎉', '🧑🏻‍🤝‍🧑🏾') },
  { weight: 1, arbitrary: fc.constantFrom('e\u0301', 'a\u0308\u0323', 'n\u0303o', 'Z\u0351\u036b\u0343') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'https://github.com/ipfs/go-ipfs/pull/6255',
      'http://example.org/a_b?c=d&e=f',
      'dist.ipfs.io',
      'ipfs.io/docs',
      'www.example.com/path',
      `https://example.org/${'long-path-'.repeat(12)}`,
      'https://example.org/x…',
      '…https://example.org',
      'dist.ipfs.io…',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('…', '...', ',', '!', '(', ')', ':') },
);
const separator = fc.constantFrom(' ', ' ', ' ', '', '\n', '  ', ', ');

/** A run of pieces joined by separators. */
const run = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.tuple(piece, separator), { maxLength, size: 'max' }).map((parts) => parts.map(([p, s]) => `${p}${s}`).join(''));

/** A text with the release link somewhere (or nowhere), often far too long for one post. */
const tweetText = fc.record({
  before: run(120),
  where: fc.constantFrom('end', 'end', 'middle', 'none'),
  after: run(30),
}).map(({ before, where, after }) => {
  if (where === 'none') return before;
  const lead = before === '' || /\s$/.test(before) ? before : `${before} `;
  return where === 'end' ? `${lead}${RELEASE}` : `${lead}${RELEASE} ${after}`;
});

const urlsOf = (text: string): string[] => twitterText.extractUrls(text);

describe('fitTweet against twitter-text', () => {
  it('always gives a post X takes, keeps the release link intact, and leaves a post that fits alone', () => {
    let cut = 0;
    fc.assert(
      fc.property(tweetText, (text) => {
        const fitted = fitTweet(text, RELEASE);
        expect(twitterText.parseTweet(fitted).valid).toBe(true);
        if (twitterText.parseTweet(text).valid) {
          expect(fitted).toBe(text);
          return;
        }
        if (twitterText.parseTweet(text).weightedLength <= 280) return; // only the empty text
        cut++;
        // The release link is there whole, and X reads exactly it as a link (the ellipsis did not extend it).
        if (urlsOf(text).includes(RELEASE)) expect(urlsOf(fitted)).toContain(RELEASE);
        // Every link in the post is one of the original's: none was cut through or changed its extent.
        const original = new Set(urlsOf(text));
        for (const url of urlsOf(fitted)) expect(original.has(url), `${url} in ${JSON.stringify(fitted)}`).toBe(true);
        // Well used: a cut post is not a stub (X's limit is 280; links and wide characters make steps).
        expect(twitterText.parseTweet(fitted).weightedLength).toBeGreaterThan(200);
      }),
      { numRuns: Math.max(3_000, fc.readConfigureGlobal().numRuns ?? 0) },
    );
    expect(cut).toBeGreaterThan(500);
  });
});
