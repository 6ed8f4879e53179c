/**
 * A post for X/Twitter, counted and shortened the way X counts: with `twitter-text`, the library X
 * publishes (links weigh 23 whatever their length, bare domains are links too, CJK weighs 2, an emoji
 * sequence weighs 2 whole). Fitted when the post is composed, so the rehearsal print, `!release status`
 * and the real post are the same text.
 */
import { createRequire } from 'node:module';

type TwitterText = typeof import('twitter-text');
let loaded: TwitterText | undefined;

/**
 * twitter-text (with the core-js polyfills it pulls in) is loaded on the first tweet composed, not at
 * start: a start and `!help` never need it. In the bundle the literal require() is esbuild's lazy module
 * (bundled, run on first call); under tsx and vitest, where an ES module has no require, Node's own.
 */
function twitterText(): TwitterText {
  loaded ??= typeof require === 'function' ? (require('twitter-text') as TwitterText) : (createRequire(import.meta.url)('twitter-text') as TwitterText);
  return loaded;
}

/** How X judges a post: its weighted length and whether it may be posted as it is. */
export function tweetVerdict(text: string): { readonly weightedLength: number; readonly valid: boolean } {
  const { weightedLength, valid } = twitterText().parseTweet(text);
  return { weightedLength, valid };
}

const ELLIPSIS = '…';
/** Characters X refuses outright; cutting cannot cure them, so they are dropped from a text that is cut. */
const REFUSED = /[\uFFFE\uFEFF\uFFFF]/g;
/** Beyond this a text is cut to it first (at a grapheme boundary), so fitting stays cheap on any input. */
const MAX_SOURCE = 4_000;

/**
 * The text as it can be posted: unchanged when X takes it; otherwise shortened at a word boundary (or,
 * for a single enormous word, a grapheme boundary: never inside a surrogate pair, an emoji sequence or
 * before a combining mark) with an ellipsis. `keep` (the release page) is never cut, and no other link is
 * cut through: a link stays whole or goes whole. The ellipsis never touches a link, so no link changes
 * its extent. Text before `keep` is shortened first; if what follows it does not fit even then, that is.
 */
export function fitTweet(text: string, keep = ''): string {
  if (tweetVerdict(text).valid) return text;
  const source = text.replace(REFUSED, '');
  if (tweetVerdict(source).valid) return source;
  const at = keep ? source.indexOf(keep) : -1;
  if (at < 0) return cutEnd(capped(source), (p) => p) ?? ELLIPSIS;
  const before = capped(source.slice(0, at));
  const after = capped(source.slice(at + keep.length));
  const gap = /\s+$/.exec(before)?.[0] ?? ' ';
  const tail = `${keep}${after}`;
  // Shorten what comes before the link, the link and everything after it kept whole.
  const withTail = cutEnd(before, (p) => (p === '' ? tail : `${p}${gap}${tail}`));
  if (withTail !== null) return withTail;
  // What follows the link does not fit even alone: keep what precedes if it fits, cut what follows.
  const lead = tweetVerdict(`${before}${keep}`).valid ? `${before}${keep}` : keep;
  return cutEnd(after, (p) => `${lead}${p}`, lead) ?? lead;
}

/**
 * The longest start of `part` (cut at a boundary, an ellipsis added) for which `whole` makes a valid post;
 * null when even the empty start does not. `lead` is text placed before `part` in the post: a boundary
 * right after a link in it must not get a glued ellipsis either.
 */
function cutEnd(part: string, whole: (cut: string) => string, lead = ''): string | null {
  const valid = (cut: string): boolean => tweetVerdict(whole(cut)).valid;
  const byWords = longestValid(part, boundaries(part, 'word'), valid, lead);
  if (byWords !== null) return whole(byWords);
  // A single word longer than the room (no word boundary fits): cut inside it at a grapheme boundary.
  const byGraphemes = longestValid(part, boundaries(part, 'grapheme'), valid, lead);
  if (byGraphemes !== null) return whole(byGraphemes);
  return valid('') ? whole('') : null;
}

/** The longest cut (from the boundaries, longest first tried by halving) that `valid` accepts. */
function longestValid(part: string, cuts: readonly number[], valid: (cut: string) => boolean, lead: string): string | null {
  const shortened = (end: number): string => withEllipsis(part.slice(0, end), lead);
  // Longer cuts weigh more, so the valid ones are (nearly always) the shorter ones: halve, then make sure.
  let low = 0;
  let high = cuts.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (valid(shortened(cuts[mid] ?? 0))) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  for (let i = found; i >= 0; i--) {
    const cut = shortened(cuts[i] ?? 0);
    if (valid(cut)) return cut;
  }
  return null;
}

/** A start of the text with the ellipsis: after its last character, or after a space if it ends in a link. */
function withEllipsis(start: string, lead: string): string {
  const trimmed = start.trimEnd();
  if (trimmed === '') return '';
  return endsInLink(`${lead}${trimmed}`) ? `${trimmed} ${ELLIPSIS}` : `${trimmed}${ELLIPSIS}`;
}

function endsInLink(text: string): boolean {
  return linkRanges(text).some(([, end]) => end === text.length);
}

/** The links in a text as X finds them (with or without a scheme), as [start, end) UTF-16 offsets. */
function linkRanges(text: string): (readonly [number, number])[] {
  return twitterText().extractUrlsWithIndices(text).map((u) => [u.indices[0], u.indices[1]] as const);
}

/**
 * Where the text may be cut: segment boundaries (words or graphemes, per Unicode's segmentation, so never
 * inside a grapheme) that are not inside a link, ascending, each leaving some non-space text.
 */
function boundaries(text: string, granularity: 'word' | 'grapheme'): number[] {
  const links = linkRanges(text);
  const inLink = (at: number): boolean => links.some(([start, end]) => at > start && at < end);
  const firstText = text.search(/\S/);
  if (firstText < 0) return [];
  const cuts: number[] = [];
  for (const { index } of new Intl.Segmenter(undefined, { granularity }).segment(text)) {
    if (index > firstText && !inLink(index)) cuts.push(index);
  }
  cuts.push(text.length);
  return cuts;
}

/** At most MAX_SOURCE UTF-16 units, cut at a grapheme boundary: no post is anywhere near that long. */
function capped(text: string): string {
  if (text.length <= MAX_SOURCE) return text;
  let end = 0;
  for (const { index } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.slice(0, MAX_SOURCE + 64))) {
    if (index > MAX_SOURCE) break;
    end = index;
  }
  return text.slice(0, end);
}
