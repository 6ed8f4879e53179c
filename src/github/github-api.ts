/**
 * The one Octokit a Stagehand talks to GitHub through, and how its failures map onto delivery outcomes.
 * Octokit's own retry and throttling plugins are off: the outbox worker owns retries (with the service's
 * Retry-After), and throttling would hold a delivery for seconds inside the worker's lane.
 */
import { Octokit, RequestError } from 'octokit';
import type { DeliveryOutcome } from '../publish/publisher.js';
import { deadline } from '../publish/request-deadline.js';
import { describeRequestFailure, firstLine, requestFailureOf } from '../publish/request-failure.js';
import { waitOf } from '../publish/retry-after.js';
import { installationAuth, type GithubAppAuth } from './app-auth.js';
import { scrubText } from '../log/scrub.js';

export interface GithubTarget {
  readonly owner: string;
  readonly repo: string;
}

/**
 * `auth`: a personal access token, or a GitHub App installation (src/github/app-auth.ts) whose tokens are
 * fetched and renewed as requests need them. Every request gives up after `timeoutMs` (the worker retries
 * it later). `redact` cleans every error's message (and an answer's body) as it is thrown, before anyone
 * quotes or shortens it: a gateway that echoes the token in a 401, a client error quoting the header, never
 * reach a reply, the store or the log.
 */
export function createOctokit(apiUrl: string, auth: string | GithubAppAuth, timeoutMs?: number, redact?: (text: string) => string): Octokit {
  const octokit = new Octokit({
    ...(timeoutMs ? { request: { fetch: fetchWithin(timeoutMs) } } : {}),
    ...(typeof auth === 'string' ? { auth } : { authStrategy: installationAuth, auth }),
    baseUrl: apiUrl.replace(/\/+$/, ''),
    userAgent: 'stagehand',
    retry: { enabled: false },
    throttle: { enabled: false },
    // Octokit logs failed requests through console by default; the worker logs outcomes itself.
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  // An App's installation tokens are no configured value the Redactor knows: they are cut out by their shape (ghs_…).
  const clean = typeof auth === 'string' ? redact : (text: string): string => scrubText(redact ? redact(text) : text);
  if (clean) {
    octokit.hook.error('request', (error) => {
      if (error instanceof Error) {
        error.message = clean(error.message);
        if (error.stack) error.stack = clean(error.stack);
        const response = (error as { response?: { data?: unknown } }).response;
        if (response && response.data !== undefined) response.data = JSON.parse(clean(JSON.stringify(response.data) ?? 'null')) as unknown;
      }
      throw error;
    });
  }
  return octokit;
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
 * any other 4xx will fail the same way again. With no answer at all (Octokit calls that a 500 without a
 * response): a request the client refused to send fails at once with the client's words, and a network
 * failure is retried, naming its real cause.
 */
export function outcomeOfError(error: unknown, now: number, what: string): DeliveryOutcome {
  if (!(error instanceof RequestError) || error.response === undefined) {
    const failure = requestFailureOf(error);
    if (failure) return { kind: failure.kind === 'unsent' ? 'failed' : 'retry', reason: `${what}: ${describeRequestFailure(failure, 'GitHub')}` };
    if (!(error instanceof RequestError)) return { kind: 'retry', reason: `${what}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const headers = (error.response?.headers ?? {}) as Record<string, string | number | undefined>;
  const reason = `${what}: GitHub answered ${error.status} ${firstLine(error.message)}`;
  const rateLimited = error.status === 429 || (error.status === 403 && (String(headers['x-ratelimit-remaining']) === '0' || headers['retry-after'] !== undefined));
  if (rateLimited || error.status >= 500) {
    const afterMs = waitOf(headers, now);
    return afterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, afterMs };
  }
  return { kind: 'failed', reason };
}

/** What the 0→1 gate says when GitHub could not be asked: the real cause, not Octokit's "500". */
export function unaskedReason(error: unknown): string {
  const failure = requestFailureOf(error);
  if (failure) return describeRequestFailure(failure, 'GitHub');
  return error instanceof RequestError ? `GitHub answered ${error.status} ${firstLine(error.message)}` : firstLine(error instanceof Error ? error.message : String(error));
}
