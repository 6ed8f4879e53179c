import { describe, expect, it } from 'vitest';
import { fitTweet, MAX_WEIGHT, tweetLength } from '../../../src/twitter/tweet-length.js';

describe('tweetLength: X counting rules', () => {
  it('counts every link as 23, Latin text as 1 per character, CJK and emoji as 2', () => {
    expect(tweetLength('hello')).toBe(5);
    expect(tweetLength('see https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0-rc1-with-a-very-long-path')).toBe(4 + 23);
    expect(tweetLength('http://a.b https://c.d')).toBe(23 + 1 + 23);
    expect(tweetLength('日本')).toBe(4);
    expect(tweetLength('🚀')).toBe(2);
    expect(tweetLength('café')).toBe(4);
  });
});

describe('fitTweet', () => {
  it('leaves a post that fits alone', () => {
    const text = `${'a'.repeat(250)} https://example.org/${'x'.repeat(100)}`;
    expect(fitTweet(text)).toBe(text);
  });

  it('cuts a long post at a word boundary, keeps the trailing link whole, and fits 280', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const link = 'https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0';
    const fitted = fitTweet(`${words} ${link}`);
    expect(tweetLength(fitted)).toBeLessThanOrEqual(MAX_WEIGHT);
    expect(fitted.endsWith(`… ${link}`)).toBe(true);
    const body = fitted.slice(0, fitted.indexOf('…'));
    expect(words.startsWith(body)).toBe(true);
    expect(words[body.length]).toBe(' '); // cut exactly before a space: no half word
    expect(tweetLength(fitted)).toBeGreaterThan(MAX_WEIGHT - 10);
  });

  it('counts wide characters when cutting', () => {
    const fitted = fitTweet('日本語 '.repeat(100));
    expect(tweetLength(fitted)).toBeLessThanOrEqual(MAX_WEIGHT);
    expect(fitted.endsWith('日本語…')).toBe(true);
  });

  it('cuts inside a single enormous word as a last resort', () => {
    const fitted = fitTweet('x'.repeat(1000));
    expect(tweetLength(fitted)).toBeLessThanOrEqual(MAX_WEIGHT);
    expect(fitted.endsWith('…')).toBe(true);
  });
});
