/**
 * A GitHub request that fails before any answer: one the HTTP client will not build fails the post once,
 * in the client's words (never quoting the header it refused), not "GitHub answered 500" retried forever;
 * one that cannot reach the server is retried, naming the real cause. Against a real closed port.
 */
import { request } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createOctokit, targetOf } from '../../../src/github/github-api.js';
import { GithubCi } from '../../../src/github/github-ci.js';
import { GithubPublisher } from '../../../src/github/github-publisher.js';
import { Redactor } from '../../../src/log/redactor.js';
import type { OutboxEffect } from '../../../src/ground/effects.js';
import { requestFailureOf } from '../../../src/publish/request-failure.js';
import { AdjustableClock } from '../../../src/ground/clock.js';
import { inMemoryChecklists } from '../../../src/store/issue-checklist-repo.js';

const HEAD = 'ghp_0123456789abcdef';
const TAIL = 'SECOND_LINE_OF_THE_TOKEN';
const TOKEN = `${HEAD}\n${TAIL}`;

async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const effect = { id: 1, key: 'k', target: '', release: 'v0.5.0', attempts: 0, createdAt: 0, destination: 'github', payload: { action: 'create-branch', branch: 'release-v0.5.0', from: 'master' } } as OutboxEffect;

describe('GitHub requests that get no answer', () => {
  it('a header the client refuses to send: failed once, its cause named, the token nowhere', async () => {
    const redactor = new Redactor([TOKEN]);
    const gh = createOctokit(await closedPort(), TOKEN, 5_000, (t) => redactor.text(t));
    const publisher = new GithubPublisher(gh, targetOf('ipfs/go-ipfs'), 'release', AdjustableClock.manual(0), inMemoryChecklists());
    const outcome = await publisher.deliver(effect);
    expect(outcome).toEqual({
      kind: 'failed',
      reason: 'create-branch on ipfs/go-ipfs: the request could not be sent: a request header value holds a character HTTP does not allow (a line break or a control character)',
    });
    const ci = await new GithubCi(gh, targetOf('ipfs/go-ipfs')).statusOf('release-v0.5.0');
    expect(ci).toEqual({ state: 'unknown', reason: 'GitHub could not be asked (the request could not be sent: a request header value holds a character HTTP does not allow (a line break or a control character))' });
    expect(JSON.stringify([outcome, ci])).not.toMatch(/0123456789abcdef|SECOND_LINE/);
  });

  it('a connection refused: retried, saying so instead of "GitHub answered 500"', async () => {
    const url = await closedPort();
    const outcome = await new GithubPublisher(createOctokit(url, HEAD + TAIL), targetOf('ipfs/go-ipfs'), 'release', AdjustableClock.manual(0), inMemoryChecklists()).deliver(effect);
    expect(outcome).toEqual({ kind: 'retry', reason: `create-branch on ipfs/go-ipfs: GitHub could not be reached: connect ECONNREFUSED ${url.slice('http://'.length)}` });
  });

  it("Node's http client refusing a header (X/Twitter's client) is a request that could not be sent", () => {
    let thrown: unknown;
    try {
      request('http://127.0.0.1:9/', { headers: { authorization: TOKEN } });
    } catch (error) {
      thrown = error;
    }
    expect(requestFailureOf(thrown)).toEqual({ kind: 'unsent', cause: 'Invalid character in header content ["authorization"]' });
    expect(requestFailureOf(new Error('a bug'))).toBeNull();
  });
});
