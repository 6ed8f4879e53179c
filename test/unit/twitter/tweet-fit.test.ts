/**
 * Posts for X counted and shortened as X counts them. Every expectation is checked with twitter-text's
 * `parseTweet` (the library X publishes), not with a rule of ours. The cases are the texts the
 * hand-written rule got wrong: posts X refuses (281 and more) and posts that fit cut to a third.
 */
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { fitTweet, tweetVerdict } from '../../../src/text/tweet-fit.js';

const RELEASE = 'https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0';
const weight = (text: string): number => twitterText.parseTweet(text).weightedLength;
const urls = (text: string): string[] => twitterText.extractUrls(text);

/** What every fitted post must be: taken by X, the release link there whole, and not a stub. */
function expectFitted(text: string, fitted: string): void {
  expect(weight(text)).toBeGreaterThan(280);
  expect(twitterText.parseTweet(fitted).valid, JSON.stringify(fitted)).toBe(true);
  expect(urls(fitted)).toContain(RELEASE);
  expect(weight(fitted)).toBeGreaterThan(250);
  for (const url of urls(fitted)) expect(urls(text)).toContain(url);
}

describe('fitTweet: the texts the hand-written rule got wrong', () => {
  it('CJK text before the link', () => {
    const text = `${'新しいリリースです'.repeat(20)} ${RELEASE}`;
    expectFitted(text, fitTweet(text, RELEASE));
  });

  it('emoji sequences weigh 2 whole: a post of ZWJ families and skin tones that fits is left alone', () => {
    const text = `${'👨‍👩‍👧‍👦👍🏽 '.repeat(40)}${RELEASE}`;
    expect(twitterText.parseTweet(text).valid).toBe(true);
    expect(fitTweet(text, RELEASE)).toBe(text);
  });

  it('emoji sequences that do not fit are cut between sequences, never inside one', () => {
    const text = `${'🎉👨‍👩‍👧‍👦👍🏽 '.repeat(60)}${RELEASE}`;
    const fitted = fitTweet(text, RELEASE);
    expectFitted(text, fitted);
    const kept = fitted.slice(0, fitted.indexOf('…'));
    expect(text.startsWith(kept)).toBe(true);
    const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.index);
    expect(graphemes).toContain(kept.length);
  });

  it('bare domains are links (dist.ipfs.io counts 23)', () => {
    expect(weight('dist.ipfs.io')).toBe(23);
    const text = `${'get it from dist.ipfs.io '.repeat(15)}${RELEASE}`;
    expectFitted(text, fitTweet(text, RELEASE));
  });

  it('a link followed by CJK: X ends the link at the CJK and counts the rest', () => {
    const text = `see ${RELEASE}${'新しいリリースです'.repeat(21)}`;
    const fitted = fitTweet(text, RELEASE);
    expectFitted(text, fitted);
    expect(fitted.startsWith(`see ${RELEASE}新しい`)).toBe(true);
  });

  it('an ellipsis glued to a link', () => {
    for (const text of [`${'word '.repeat(60)}see https://example.org/docs…${RELEASE}`, `${'see https://example.org/a…and '.repeat(30)}${RELEASE}`]) {
      const fitted = fitTweet(text, RELEASE);
      expectFitted(text, fitted);
      // The ellipsis the cut adds touches no link.
      expect(fitted).toMatch(/… https:\/\/github\.com/);
    }
  });

  it('a post that fits is left exactly as it is (no normalisation, no trimming)', () => {
    const text = ` cafe\u0301 ${'a '.repeat(120)}${RELEASE}\n`;
    expect(fitTweet(text, RELEASE)).toBe(text);
  });
});

describe('fitTweet: cutting', () => {
  it('cuts a long post at a word boundary, keeps the trailing link whole, and uses the room', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const fitted = fitTweet(`${words} ${RELEASE}`, RELEASE);
    expect(fitted.endsWith(`… ${RELEASE}`)).toBe(true);
    const body = fitted.slice(0, fitted.indexOf('…'));
    expect(words.startsWith(body)).toBe(true);
    expect(words[body.length]).toBe(' ');
    expect(weight(fitted)).toBeGreaterThan(270);
    expect(weight(fitted)).toBeLessThanOrEqual(280);
  });

  it('never cuts through another link: it stays whole or goes, and an ellipsis after it is spaced', () => {
    const other = `https://example.org/${'segment/'.repeat(10)}end`;
    const text = `${'x '.repeat(115)}${other} ${'tail '.repeat(20)}${RELEASE}`;
    const fitted = fitTweet(text, RELEASE);
    expectFitted(text, fitted);
    expect(fitted).toContain(`${other} … ${RELEASE}`);
  });

  it('keeps the link in the middle and cuts what follows when what precedes cannot make room', () => {
    const text = `${RELEASE} ${'日本語 '.repeat(100)}`;
    const fitted = fitTweet(text, RELEASE);
    expectFitted(text, fitted);
    expect(fitted.startsWith(`${RELEASE} 日本語`)).toBe(true);
    expect(fitted.endsWith('日本語…')).toBe(true);
  });

  it('cuts inside a single enormous word at a grapheme boundary as a last resort', () => {
    const text = `${'e\u0301'.repeat(400)} ${RELEASE}`;
    const fitted = fitTweet(text, RELEASE);
    expectFitted(text, fitted);
    expect(fitted).toMatch(/^(e\u0301)+… https/);
  });

  it('drops the characters X refuses outright, and cuts nothing when that is enough', () => {
    expect(fitTweet(`new\ufeff release ${RELEASE}`, RELEASE)).toBe(`new release ${RELEASE}`);
  });

  it('without the release link in the text, cuts the end', () => {
    const fitted = fitTweet('x'.repeat(1000));
    expect(twitterText.parseTweet(fitted).valid).toBe(true);
    expect(fitted.endsWith('…')).toBe(true);
  });
});

describe('tweetVerdict', () => {
  it("is parseTweet's", () => {
    expect(tweetVerdict(`日本 ${RELEASE}`)).toEqual({ weightedLength: 28, valid: true });
    expect(tweetVerdict('a'.repeat(281)).valid).toBe(false);
  });
});
