/**
 * Strip what must never travel from one person's text into a post or a log line: control characters
 * (CR, LF and NUL included, which would end or forge an IRC line; U+2028/U+2029, which Matrix clients show
 * as line breaks), IRC formatting codes, and invisible
 * direction overrides that make text read differently than it is. A lone UTF-16 surrogate (a broken
 * client's half of an emoji, valid in Matrix's JSON) cannot be encoded as UTF-8: it becomes U+FFFD here, so
 * what is stored, posted to GitHub and shown is the same text everywhere.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const BIDI_AND_INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function sanitizeText(text: string): string {
  return stripInvisible(stripControls(text));
}

/** Line breaks become spaces, control characters go, lone surrogates become U+FFFD; invisible marks stay. */
export function stripControls(text: string): string {
  return wellFormed(text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(CONTROL, ''));
}

/** Zero-width characters and direction marks removed: what free text keeps of them. */
export function stripInvisible(text: string): string {
  return text.replace(BIDI_AND_INVISIBLE, '');
}

/** The text with each lone surrogate replaced by U+FFFD, as a UTF-8 encoder would write it. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}
