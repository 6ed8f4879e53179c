/**
 * Keeps the exact values of the configured secrets out of everything that leaves the process: log lines,
 * chat replies, stored text, GitHub and X payloads. src/log/scrub.ts recognises secrets by their shape
 * (`ghp_…`, `Bearer …`, `?access_token=`); this recognises them by their value, whatever they look like
 * (a token that a gateway echoes in a 401 body, an IRC password quoted in an error).
 *
 * One instance, built by the composition root from the secrets it read, is handed to the places where
 * text leaves. Matching is one regular expression: an alternation of literal strings, longest first,
 * so a scan is linear in the text's length (times the secrets' total length, fixed by the config).
 */
import { CENSOR } from './scrub.js';

/** Shorter secrets are refused by the config check (src/config/secret.ts); the redactor never sees them. */
export const MIN_SECRET_LENGTH = 8;

export class Redactor {
  private readonly pattern: RegExp | null;

  /** `secrets`: the configured values (duplicates and values shorter than MIN_SECRET_LENGTH are ignored). */
  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      for (const form of encodingsOf(secret)) if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
    }
    const sorted = [...forms].sort((a, b) => b.length - a.length);
    this.pattern = sorted.length === 0 ? null : new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  }

  /** No secret is configured: every method returns its input. */
  get empty(): boolean {
    return this.pattern === null;
  }

  /** `text` with every occurrence of a secret (or of one of its encodings) replaced by `[redacted]`. */
  text(text: string): string {
    if (this.pattern === null || text === '') return text;
    this.pattern.lastIndex = 0;
    return this.pattern.test(text) ? text.replace(this.pattern, CENSOR) : text;
  }

  /**
   * A copy of `value` with every string in it redacted, at any depth (keys included). Errors become plain
   * objects (type, message, stack, cause, own properties) so nothing of theirs is left unredacted.
   */
  value<T>(value: T): T {
    return this.pattern === null ? value : (this.deep(value, new WeakMap()) as T);
  }

  private deep(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Date || ArrayBuffer.isView(value)) return value;
    const known = seen.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(this.deep(item, seen));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    const source: Record<string, unknown> =
      value instanceof Error
        ? { ...value, type: value.constructor.name, message: value.message, stack: value.stack, ...(value.cause !== undefined ? { cause: value.cause } : {}) }
        : (value as Record<string, unknown>);
    for (const [key, item] of Object.entries(source)) out[this.text(key)] = this.deep(item, seen);
    return out;
  }
}

/**
 * The forms a secret takes in text: as is, JSON-escaped (once and twice: a payload holding an error's
 * JSON), percent-encoded (URLs, OAuth headers), HTML-escaped (Matrix formatted bodies), and base64 at each
 * of the three alignments, for a secret inside a longer base64 string (HTTP Basic auth `user:token`, IRC
 * SASL PLAIN `account\0account\0password`), and markdown-escaped as person-typed text is placed in a GitHub
 * comment (`ghp\_x`, src/text/inert-markdown.ts).
 */
export function encodingsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [
    secret,
    json,
    JSON.stringify(json).slice(1, -1),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
    secret
      .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c)
      .replace(/([@#])(?=[\p{L}\p{N}_-])/gu, '$1\u200b')
      .replace(/[\\`*_{}[\]()!|~]/g, '\\$&'),
  ];
  const bytes = Buffer.from(secret, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes, Buffer.alloc(2)]).toString('base64');
    // Only the characters made of the secret's bits alone: 6-bit groups starting at or after the secret's
    // first bit and ending at or before its last.
    const from = Math.ceil((8 * shift) / 6);
    const to = Math.floor((8 * (shift + bytes.length)) / 6);
    forms.push(b64.slice(from, to));
    forms.push(b64.slice(from, to).replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
