import { RequestError } from 'octokit';
import { describe, expect, it } from 'vitest';
import { outcomeOfError } from '../../../src/github/github-api.js';
import { waitOf } from '../../../src/publish/retry-after.js';

const NOW = Date.parse('2026-01-05T09:00:00Z');

function githubError(status: number, headers: Record<string, string> = {}): RequestError {
  return new RequestError('Some answer.', status, {
    request: { method: 'POST', url: 'https://api.github.com/x', headers: {} },
    response: { status, url: 'https://api.github.com/x', headers, data: {} },
  });
}

describe('GitHub failures as delivery outcomes', () => {
  it('retries 429, rate-limited 403s and 5xx, honouring what the answer says', () => {
    expect(outcomeOfError(githubError(429, { 'retry-after': '30' }), NOW, 'x')).toMatchObject({ kind: 'retry', afterMs: 30_000 });
    expect(outcomeOfError(githubError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 600) }), NOW, 'x')).toMatchObject({ kind: 'retry', afterMs: 600_000 });
    expect(outcomeOfError(githubError(403, { 'retry-after': '60' }), NOW, 'x')).toMatchObject({ kind: 'retry', afterMs: 60_000 });
    expect(outcomeOfError(githubError(502), NOW, 'x')).toEqual({ kind: 'retry', reason: 'x: GitHub answered 502 Some answer' });
    expect(outcomeOfError(new Error('socket hang up'), NOW, 'x')).toEqual({ kind: 'retry', reason: 'x: GitHub could not be reached: socket hang up' });
  });

  it('fails any other 4xx at once, saying what GitHub answered', () => {
    expect(outcomeOfError(githubError(403), NOW, 'open-issue on o/r')).toEqual({ kind: 'failed', reason: 'open-issue on o/r: GitHub answered 403 Some answer' });
    expect(outcomeOfError(githubError(422), NOW, 'x').kind).toBe('failed');
    expect(outcomeOfError(githubError(404), NOW, 'x').kind).toBe('failed');
  });

  it('waitOf: Retry-After first, then the reset header of either service, never negative', () => {
    expect(waitOf({ 'retry-after': '5', 'x-ratelimit-reset': '1' }, NOW)).toBe(5_000);
    expect(waitOf({ 'x-rate-limit-reset': String(NOW / 1000 + 9) }, NOW)).toBe(9_000);
    expect(waitOf({ 'x-ratelimit-reset': String(NOW / 1000 - 9) }, NOW)).toBe(0);
    expect(waitOf({}, NOW)).toBeUndefined();
  });
});
