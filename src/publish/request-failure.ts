/**
 * A request that failed before any answer came back, told apart by its cause:
 * - `unsent`: the HTTP client refused to build it (a header value with a line break or a character it
 *   cannot encode, a malformed URL). Nothing left the process and the same request fails the same way
 *   every time, so it is permanent: failed once, with the client's own words.
 * - `unreachable`: it could not get to the service or got no answer (connection refused, DNS, a reset,
 *   TLS, the deadline): worth retrying, and the reason says which.
 * Null: the error is not about the request (an answer came back, or a bug).
 */
export type RequestFailure = { readonly kind: 'unsent' | 'unreachable'; readonly cause: string };

/** Node's codes for a request its http client would not build. */
const UNSENDABLE_CODES = new Set([
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_HTTP_INVALID_HEADER_VALUE',
  'ERR_INVALID_URL',
  'ERR_INVALID_PROTOCOL',
  'ERR_UNESCAPED_CHARACTERS',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
]);

/** fetch (undici) checks its arguments before connecting and throws a bare TypeError naming the problem. */
const FETCH_REFUSED = /invalid header (?:value|name)|Cannot convert argument to a ByteString|Failed to parse URL|Invalid URL|is an invalid|forbidden method/i;

export function requestFailureOf(error: unknown): RequestFailure | null {
  const chain: Error[] = [];
  for (let at: unknown = error; at instanceof Error && chain.length < 8 && !chain.includes(at); at = at.cause) chain.push(at);
  if (chain.length === 0) return null;
  const unsendable = chain.find((e) => UNSENDABLE_CODES.has(codeOf(e)) || (e.name === 'TypeError' && e.cause === undefined && FETCH_REFUSED.test(e.message)));
  if (unsendable) return { kind: 'unsent', cause: unsendableCause(unsendable.message) };
  // A deadline's abort names the service and the time; otherwise the innermost error is the real cause
  // ("connect ECONNREFUSED 127.0.0.1:443" under fetch's "fetch failed").
  const aborted = chain.find((e) => e.name === 'AbortError' || e.name === 'TimeoutError');
  const innermost = chain[chain.length - 1]!;
  const network = chain.find((e) => codeOf(e) !== '' || /fetch failed|socket|ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|certificate|TLS/i.test(e.message));
  if (!aborted && !network) return null;
  const cause = aborted?.cause instanceof Error && aborted.cause.name === 'AbortError' ? aborted.cause : (aborted ?? innermost);
  return { kind: 'unreachable', cause: firstLine(cause.message) };
}

/** fetch quotes the refused header value, secret and all, line break included: it is described instead. */
const unsendableCause = (message: string): string =>
  /invalid header value/i.test(message) ? 'a request header value holds a character HTTP does not allow (a line break or a control character)' : firstLine(message);

const codeOf = (error: Error): string => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
};

/** A failure said in a reply or a delivery reason: `the request could not be sent: …`, `GitHub could not be reached: …`. */
export const describeRequestFailure = (failure: RequestFailure, service: string): string =>
  failure.kind === 'unsent' ? `the request could not be sent: ${failure.cause}` : `${service} could not be reached: ${failure.cause}`;

/** An error message's first line, at most 300 characters, without a closing full stop (a reason goes on after it). */
export const firstLine = (text: string): string => (text.split('\n')[0] ?? '').slice(0, 300).replace(/\.$/, '');
