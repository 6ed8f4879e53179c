/**
 * Secrets kept out of log lines, wherever they are: under a secret-sounding key at any depth (an error's
 * `config.headers.authorization`, a client's options), or inside text (an error message quoting a URL with
 * `?access_token=`, an Authorization header, a GitHub or Matrix token by its well-known prefix).
 */
export const CENSOR = '[redacted]';

/** Keys whose values are secrets, compared case-insensitively without `_` and `-`. */
const SECRET_KEYS = new Set([
  'token',
  'accesstoken',
  'refreshtoken',
  'password',
  'passwd',
  'secret',
  'appkey',
  'appsecret',
  'accesssecret',
  'consumerkey',
  'consumersecret',
  'clientsecret',
  'apikey',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
]);

export const isSecretKey = (key: string): boolean => SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));

/** Patterns for secrets inside text; each keeps its first group and censors the rest of the match. */
const TEXT_PATTERNS: readonly RegExp[] = [
  // Query parameters: ?access_token=…, &password=… (also inside JSON-escaped strings).
  /([?&;](?:access_?token|token|password|secret|api_?key|key|oauth_token|oauth_consumer_key|oauth_signature|sig)=)[^&\s"\\]+/gi,
  // OAuth 1.0a header fields: oauth_token="…".
  /(oauth_(?:token|consumer_key|signature|nonce)=\\?")[^"\\]+/gi,
  // Authorization schemes.
  /(\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
  /(\bauthorization["\\]*\s*[:=]\s*["\\]*)[^"\\,}]+/gi,
  // Credentials in a URL: https://user:password@host. The scheme's length is bounded: unbounded, each word
  // start of `a.a.a.…` scanned to the end of the text (quadratic on every log line).
  /(\b[a-z][a-z0-9+.-]{0,31}:\/\/)[^/\s:@"\\]+:[^/\s@"\\]+(?=@)/gi,
  // Well-known token shapes: GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), Synapse access tokens (syt_).
  /()\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}|syt_[A-Za-z0-9_]{8,})/g,
];

export function scrubText(text: string): string {
  return TEXT_PATTERNS.reduce((out, pattern) => out.replace(pattern, (_match, keep: string) => `${keep}${CENSOR}`), text);
}

/**
 * A copy of `value` with secret keys censored and strings scrubbed, at any depth. Errors are turned into
 * plain objects (type, message, stack and their own properties) so nothing reaches the log unscrubbed.
 */
export function scrubValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, seen));
  const source: Record<string, unknown> =
    value instanceof Error ? { ...value, type: value.constructor.name, message: value.message, stack: value.stack } : (value as Record<string, unknown>);
  if (value instanceof Error && value.cause !== undefined) source['cause'] = value.cause;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) out[key] = isSecretKey(key) && item != null ? CENSOR : scrubValue(item, seen);
  return out;
}
