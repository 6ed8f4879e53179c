/**
 * Turning text into IRC PRIVMSG lines that are safe to put on the wire.
 *
 * An IRC line is at most 512 bytes including CRLF, and the limit applies to the line as the server relays it
 * to others, which it prefixes with the sender's `:nick!user@host`. We only know our nick, so the user and
 * host parts get a generous fixed allowance; anything longer would be cut off by the server mid-character.
 */
import { sanitizeText } from '../../commands-kit/sanitize.js';

export const IRC_LINE_BYTES = 512;
/** Room for `~user@host` in the relayed prefix: USERLEN 10 (+1 for the `~` of an unverified ident), HOSTLEN 64 (InspIRCd's default; 63 on most others). */
const MASK_ALLOWANCE_BYTES = 11 + 1 + 64;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** How many bytes of text fit in one PRIVMSG from `nick` to `target`, as relayed by the server. */
export function textBudget(nick: string, target: string): number {
  // ":" nick "!" user "@" host " PRIVMSG " target " :" text "\r\n"
  const overhead = 1 + bytes(nick) + 1 + MASK_ALLOWANCE_BYTES + ' PRIVMSG '.length + bytes(target) + ' :'.length + 2;
  return IRC_LINE_BYTES - overhead;
}

/**
 * The lines to send for `text`: split at its line breaks, each line cleaned of control characters (CR, LF
 * and NUL above all, which would end the line early or forge a second command), then cut into pieces of at
 * most `budget` UTF-8 bytes at character boundaries, at a space when one is near the end. Empty lines are
 * dropped (IRC has no empty messages).
 */
export function ircLines(text: string, budget: number): string[] {
  if (budget < 4) throw new RangeError(`an IRC line needs room for at least one character (budget ${budget})`);
  return text.split(/\r\n|\r|\n/).flatMap((raw) => splitLine(sanitizeText(raw).trimEnd(), budget));
}

/**
 * One index walks the line once: each piece is measured from where the last one ended (slicing and
 * re-measuring the whole rest for every piece was quadratic in the length of a long reply).
 */
function splitLine(line: string, budget: number): string[] {
  const pieces: string[] = [];
  // The first piece keeps its leading indentation; a line of white space only is no piece.
  if (skipWhite(line, 0) >= line.length) return pieces;
  for (let at = 0; at < line.length; at = skipWhite(line, at)) {
    const cut = fittingEnd(line, at, budget);
    if (cut >= line.length) {
      pieces.push(line.slice(at));
      break;
    }
    // Prefer a word boundary in the last third, so words are not cut in half when that costs little.
    // Looking back no further than that third: lastIndexOf would scan to the start of a long spaceless line.
    const space = lastSpaceAfter(line, cut, at + (cut - at) * (2 / 3));
    const end = space > 0 ? space : cut;
    pieces.push(line.slice(at, end).trimEnd());
    at = end;
  }
  return pieces;
}

const WHITE = /\s/;

/** The index of the last space at or before `from` and strictly after `after`; -1 when there is none. */
function lastSpaceAfter(text: string, from: number, after: number): number {
  for (let at = Math.min(from, text.length - 1); at > after; at -= 1) if (text.charCodeAt(at) === 0x20) return at;
  return -1;
}

/** The index of the first character at or after `from` that is not white space (what trimStart drops). */
function skipWhite(text: string, from: number): number {
  let at = from;
  while (at < text.length && WHITE.test(text.charAt(at))) at += 1;
  return at;
}

/** The end index of the longest piece of `text` from `from` that is at most `budget` bytes, never inside a character. */
function fittingEnd(text: string, from: number, budget: number): number {
  let used = 0;
  let at = from;
  while (at < text.length) {
    const code = text.codePointAt(at) ?? 0;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (used + size > budget) break;
    used += size;
    at += code > 0xffff ? 2 : 1;
  }
  return at;
}

/** The raw PRIVMSG command for one line made by ircLines (already clean and within budget). */
export function privmsg(target: string, line: string): string {
  return `PRIVMSG ${target} :${line}`;
}
