/**
 * How long a service asked us to wait, from its answer's headers: `Retry-After` (seconds) first, else the
 * rate-limit reset (epoch seconds; GitHub says `x-ratelimit-reset`, X says `x-rate-limit-reset`).
 * Undefined when the answer says nothing, so the worker's own backoff applies.
 */
export function waitOf(headers: Readonly<Record<string, string | number | string[] | undefined>>, now: number): number | undefined {
  const retryAfter = headers['retry-after'];
  const after = Number(retryAfter);
  if (retryAfter !== undefined && Number.isFinite(after)) return Math.max(0, after * 1000);
  const reset = Number(headers['x-ratelimit-reset'] ?? headers['x-rate-limit-reset']);
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return undefined;
}
