/**
 * Generators for hostile text: every Unicode plane, the characters that break chat protocols and markup,
 * look-alike digits, direction overrides and invisible characters, mixed with ordinary words.
 */
import fc from 'fast-check';

/** Characters chosen because each has broken some parser or protocol somewhere. */
export const NASTY_CHARS = [
  '\r', '\n', '\0', '\t', '\x02', '\x03', '\x0f', '\x16', '\x1d', '\x1f', '\x7f', '\x85',
  '\u2028', '\u2029', '\u202e', '\u202d', '\u2066', '\u200b', '\u200d', '\ufeff', '\u00a0', '\u3000',
  '０', '٠', '۳', '𝟎', '𝟗', '①', '٫', '．',
  '<', '>', '&', '"', "'", '`', '\\', '/', '=', ';', ',', ':', '@', '#', '!', '-', '--', '*', '_', '[', ']', '(', ')', '|', '~',
  'é', '中', '🚀', '👩‍👩‍👧', '\ud800', '\udfff',
] as const;

export const WORDS = [
  'release', 'new', 'advance', 'restart', 'abort', 'status', 'history', 'tested', 'testers', 'help', 'ok', 'issue', 'skip',
  'v0.5.0', '0.5.0', 'v1.2.3', 'v0.5.0-rc1', 'v01.2.3', '--force', '--', '<script>', '</p>', '<a href="https://matrix.to/#/@x:y">x</a>',
  '@room', '@alice', '@ipfs/everyone', '[link](javascript:alert(1))', '```', '<!--', '-->', '&amp;', '%s', '${x}',
] as const;

const nastyChar = fc.constantFrom(...NASTY_CHARS);
const word = fc.constantFrom(...WORDS);
const quoted = fc.tuple(fc.constantFrom('"', "'", '`', '“'), fc.string({ maxLength: 12 })).map(([q, s]) => `${q}${s}${q}`);

/** Any string: full Unicode (lone surrogates included), nasty characters, words, quotes, all mixed. */
export const hostileText = (maxLength = 60, size: fc.SizeForArbitrary = 'small'): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
        { weight: 3, arbitrary: nastyChar },
        { weight: 3, arbitrary: word },
        { weight: 1, arbitrary: quoted },
        { weight: 2, arbitrary: fc.constant(' ') },
      ),
      { maxLength, size },
    )
    .map((parts) => parts.join(''));

/** Lone UTF-16 surrogates cannot be encoded; they are what a broken client might send. */
export const hasLoneSurrogate = (text: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
