/**
 * The fakes are only worth something if they refuse what the real services refuse: these requests are
 * wrong in the ways a client bug would make them wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwitterClient } from '../../../src/twitter/twitter-client.js';
import { FakeGithub } from '../../fakes/fake-github.js';
import { FakeTwitter } from '../../fakes/fake-twitter.js';
import { OpenApi } from '../../fakes/openapi.js';
import { TWITTER_KEYS } from '../../helpers/live-fakes.js';

let github: FakeGithub;
let twitter: FakeTwitter;
let githubUrl: string;
let twitterUrl: string;

beforeAll(async () => {
  github = new FakeGithub(OpenApi.github(), 'ipfs', 'go-ipfs', 'tok');
  twitter = new FakeTwitter(TWITTER_KEYS);
  githubUrl = await github.http.listen();
  twitterUrl = await twitter.http.listen();
});

afterAll(async () => {
  await github.http.close();
  await twitter.http.close();
});

async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: 'token tok', 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
}

describe('the fake GitHub checks requests against @octokit/openapi', () => {
  it.each([
    ['GET', '/repos/ipfs/go-ipfs/nonsense', undefined, 'no operation has the path'],
    ['DELETE', '/repos/ipfs/go-ipfs/git/refs', undefined, 'DELETE is not an operation'],
    ['POST', '/repos/ipfs/go-ipfs/git/refs', { ref: 'refs/heads/x' }, "must have required property 'sha'"],
    ['POST', '/repos/ipfs/go-ipfs/releases', { tag_name: 'v1', prerelease: 'yes' }, 'prerelease must be boolean'],
    ['PATCH', '/repos/ipfs/go-ipfs/issues/abc', { state: 'closed' }, 'issue_number must be an integer'],
    ['PATCH', '/repos/ipfs/go-ipfs/issues/1', { state: 'done' }, 'must be equal to one of the allowed values'],
    ['GET', '/repos/ipfs/go-ipfs/issues?state=bogus', undefined, 'state must be one of open, closed, all'],
    ['GET', '/repos/ipfs/go-ipfs/issues?labelz=release', undefined, 'takes no query parameter labelz'],
    ['PUT', '/repos/ipfs/go-ipfs/topics', { names: ['x'] }, 'does not implement repos/replace-all-topics'],
  ])('%s %s is refused', async (method, path, body, problem) => {
    const before = github.http.rejections.length;
    const res = await call(githubUrl, method, path, body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(github.http.rejections.slice(before).join('\n')).toContain(problem);
  });

  it('answers a valid request, and 401 without the token', async () => {
    expect((await call(githubUrl, 'GET', '/repos/ipfs/go-ipfs/commits/master')).status).toBe(200);
    expect((await call(githubUrl, 'GET', '/repos/ipfs/go-ipfs/commits/master', undefined, { authorization: 'token wrong' })).status).toBe(401);
  });
});

describe('the fake X checks the documented request shapes and the OAuth 1.0a signature', () => {
  it('posts with the real client through the URL-rewriting plugin, and refuses wrong keys', async () => {
    const client = createTwitterClient(twitterUrl, TWITTER_KEYS);
    await client.v2.tweet('hello from the test');
    expect(twitter.posts.map((p) => p.text)).toContain('hello from the test');
    const forged = createTwitterClient(twitterUrl, { ...TWITTER_KEYS, accessSecret: 'guessed' });
    await expect(forged.v2.tweet('forged')).rejects.toMatchObject({ code: 401 });
    expect(twitter.posts.map((p) => p.text)).not.toContain('forged');
  });

  it('refuses undocumented fields, a text over 280, bad query parameters and unknown endpoints', async () => {
    const client = createTwitterClient(twitterUrl, TWITTER_KEYS);
    const before = twitter.http.rejections.length;
    await expect(client.v2.post('tweets', { text: 'x', colour: 'red' })).rejects.toMatchObject({ code: 400 });
    await expect(client.v2.tweet('y'.repeat(281))).rejects.toMatchObject({ code: 400 });
    await expect(client.v2.get('users/2244994945/tweets', { max_results: 500 })).rejects.toMatchObject({ code: 400 });
    await expect(client.v2.get('users/by/username/ipfs')).rejects.toMatchObject({ code: 404 });
    expect(twitter.http.rejections.slice(before)).toHaveLength(4);
  });
});
