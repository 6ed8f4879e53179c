/**
 * The one limit on a chat line, checked before anything else reads it (every network's text reaches the
 * dispatcher; the shell checks its own `/` lines with the same function). No command needs more: a line
 * holds a command name, a version and at most MAX_TEXT_LENGTH characters of text and of an option's value
 * (about 2,100 in all). A longer line is a paste or an attack, and every later step must not see it at all.
 */
import { MAX_TEXT_LENGTH } from './parse-args.js';
import { refusal, type Reply } from './reply.js';

export const MAX_LINE_LENGTH = 4 * MAX_TEXT_LENGTH;

/** Within the limit; or too long, with the answer to give (null: say nothing, it was not for the bot). */
export type LineCheck = { readonly fits: true } | { readonly fits: false; readonly reply: Reply | null };

/**
 * A line within MAX_LINE_LENGTH fits. An over-long one that starts with the command prefix (after spaces,
 * control or invisible characters, as the dispatcher would read it) is answered with its length and the
 * limit; any other over-long line is chat between people (a pasted log) and is ignored, as cheaply as
 * possible: answering every long paste in a room would be noise. Constant time: a bounded look at its start.
 */
export function checkLine(text: string, prefix: string): LineCheck {
  if (text.length <= MAX_LINE_LENGTH) return { fits: true };
  const start = skipIgnorable(text);
  const isCommand = text.startsWith(prefix, start) && /[A-Za-z]/.test(text.charAt(start + prefix.length));
  return { fits: false, reply: isCommand ? tooLong(text.length) : null };
}

/** The short answer to a line over the limit; nothing was read from it, so nothing changed. */
export function tooLong(length: number): Reply {
  return refusal(`That message is too long (${group(length)} characters; the limit is ${group(MAX_LINE_LENGTH)}). Nothing was changed.`);
}

/** The first character that is not white space, control or format (zero-width, direction): what the dispatcher reads first. */
const READABLE = /[^\s\p{Cc}\p{Cf}]/u;
/** A few stray spaces or invisible marks may come before a command; a screenful of them is not one. */
const LEADING_BLANK_LOOKED_AT = 256;

/**
 * Where the first readable character is, looking no further than LEADING_BLANK_LOOKED_AT characters:
 * so a megabyte of spaces is turned away as fast as a short line (the slice is a view, not a copy).
 */
function skipIgnorable(text: string): number {
  const window = text.slice(0, LEADING_BLANK_LOOKED_AT);
  const at = window.search(READABLE);
  return at === -1 ? window.length : at;
}

const group = (n: number): string => n.toLocaleString('en-US');
