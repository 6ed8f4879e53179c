/**
 * The one Octokit a Stagehand talks to GitHub through, and how its failures map onto delivery outcomes.
 * Octokit's own retry and throttling plugins are off: the outbox worker owns retries (with the service's
 * Retry-After), and throttling would hold a delivery for seconds inside the worker's lane.
 */
import { Octokit, RequestError } from 'octokit';
import type { DeliveryOutcome } from '../publish/publisher.js';
import { deadline } from '../publish/request-deadline.js';
import { waitOf } from '../publish/retry-after.js';

export interface GithubTarget {
  readonly owner: string;
  readonly repo: string;
}

/** Every request gives up after `timeoutMs` (the worker retries it later). */
export function createOctokit(apiUrl: string, token: string, timeoutMs?: number): Octokit {
  return new Octokit({
    ...(timeoutMs ? { request: { fetch: fetchWithin(timeoutMs) } } : {}),
    auth: token,
    baseUrl: apiUrl.replace(/\/+$/, ''),
    userAgent: 'stagehand',
    retry: { enabled: false },
    throttle: { enabled: false },
    // Octokit logs failed requests through console by default; the worker logs outcomes itself.
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

function fetchWithin(ms: number): typeof fetch {
  return async (input, init) => {
    const limit = deadline(ms, 'GitHub');
    try {
      return await fetch(input, { ...init, signal: limit.signal });
    } catch (error) {
      throw limit.signal.aborted ? limit.signal.reason : error;
    } finally {
      limit.done();
    }
  };
}

export const targetOf = (repo: string): GithubTarget => {
  const [owner = '', name = ''] = repo.split('/');
  return { owner, repo: name };
};

export const statusOf = (error: unknown): number | undefined => (error instanceof RequestError ? error.status : undefined);

/**
 * 429, a rate-limit 403 and 5xx are worth retrying (after the service's Retry-After or rate-limit reset);
 * any other 4xx will fail the same way again; no status at all is a network failure, retried.
 */
export function outcomeOfError(error: unknown, now: number, what: string): DeliveryOutcome {
  if (!(error instanceof RequestError)) return { kind: 'retry', reason: `${what}: ${error instanceof Error ? error.message : String(error)}` };
  const headers = (error.response?.headers ?? {}) as Record<string, string | number | undefined>;
  const reason = `${what}: GitHub answered ${error.status} ${firstLine(error.message)}`;
  const rateLimited = error.status === 429 || (error.status === 403 && (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'] !== undefined));
  if (rateLimited || error.status >= 500) {
    const afterMs = waitOf(headers, now);
    return afterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, afterMs };
  }
  return { kind: 'failed', reason };
}

const firstLine = (text: string): string => (text.split('\n')[0]?.slice(0, 300) ?? '').replace(/\.$/, '');
