/**
 * Trimming white space from person-typed text in time linear in its length. The obvious regex,
 * `/^\s+|\s+$/g`, is quadratic on a run of spaces inside a line: the `$`-anchored alternative is tried at
 * every start position in the run and scans to its end each time, so one chat line of 65,000 spaces froze
 * the bot for seconds. These scan with an index instead, from each end, once.
 *
 * JavaScript counts U+FEFF (the byte-order mark, an invisible character) as white space in trim() and \s;
 * words are split at real spaces only, so a BOM stays inside the word it was typed in and is seen there.
 */
const WHITE = /\s/;

/** Is the UTF-16 unit at `index` a real space (JavaScript white space other than U+FEFF)? */
export function isSpaceAt(text: string, index: number): boolean {
  const char = text.charAt(index);
  return char !== '\ufeff' && WHITE.test(char);
}

/** `text` without the real spaces at its start and end (U+FEFF is kept). */
export function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpaceAt(text, start)) start += 1;
  while (end > start && isSpaceAt(text, end - 1)) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** The index of the first character at or after `from` that is not a real space (text.length when none). */
export function skipSpaces(text: string, from: number): number {
  let at = from;
  while (at < text.length && isSpaceAt(text, at)) at += 1;
  return at;
}

/** The index of the first real space at or after `from` (text.length when none). */
export function nextSpace(text: string, from: number): number {
  let at = from;
  while (at < text.length && !isSpaceAt(text, at)) at += 1;
  return at;
}
