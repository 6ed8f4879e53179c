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
 * possible: answering every long paste in a room would be noise. Linear: one scan of the leading spaces.
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

// White space, control, format (zero-width, direction) and other invisible characters, as the dispatcher drops before the prefix.
const IGNORABLE = /[\s\p{Cc}\p{Cf}]/u;

function skipIgnorable(text: string): number {
  let at = 0;
  while (at < text.length && IGNORABLE.test(text.charAt(at))) at += 1;
  return at;
}

const group = (n: number): string => n.toLocaleString('en-US');
