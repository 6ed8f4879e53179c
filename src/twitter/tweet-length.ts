/**
 * X/Twitter's counting rules (twitter-text v3 configuration): a post holds 280 weighted characters; a URL
 * counts as 23 whatever its length (it is shortened to t.co); code points in the Latin, general
 * punctuation and similar ranges weigh 1, everything else (CJK, emoji) 2.
 */
export const MAX_WEIGHT = 280;
const URL_WEIGHT = 23;
const URL = /https?:\/\/[^\s]+/g;
const LIGHT: readonly (readonly [number, number])[] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

const weightOf = (codePoint: number): number => (LIGHT.some(([from, to]) => codePoint >= from && codePoint <= to) ? 1 : 2);

export function tweetLength(text: string): number {
  let total = 0;
  let rest = text.normalize('NFC');
  const urls = rest.match(URL) ?? [];
  total += urls.length * URL_WEIGHT;
  rest = rest.replace(URL, '');
  for (const char of rest) total += weightOf(char.codePointAt(0) ?? 0);
  return total;
}

/**
 * The text as it can be posted: unchanged when it fits, otherwise cut at a word boundary with an ellipsis.
 * Links at the end (the release page) are kept whole, since a post without its link is of little use.
 */
export function fitTweet(text: string): string {
  const normal = text.normalize('NFC').trim();
  if (tweetLength(normal) <= MAX_WEIGHT) return normal;
  const trailing = /(\s+https?:\/\/\S+)+$/.exec(normal);
  const suffix = trailing && tweetLength(trailing[0]) < MAX_WEIGHT / 2 ? trailing[0] : '';
  const words = normal.slice(0, normal.length - suffix.length).split(/(\s+)/);
  let kept = '';
  for (const word of words) {
    const candidate = kept + word;
    if (tweetLength(`${candidate.trimEnd()}…${suffix}`) > MAX_WEIGHT) break;
    kept = candidate;
  }
  // A single word longer than the whole post (no boundary to cut at): cut inside it as a last resort.
  if (kept.trim() === '') kept = [...normal].slice(0, MAX_WEIGHT / 2 - 1).join('');
  return `${kept.trimEnd()}…${suffix}`;
}
