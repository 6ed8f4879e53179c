/**
 * The App sign-in (src/github/app-auth.ts) against the fake GitHub's App side: the JWT is signed with the
 * configured key and read on the app's clock, a wrong key or a stale JWT is refused, a missing installation
 * is named, and an installation token echoed in an error never leaves.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOctokit, targetOf } from '../../../src/github/github-api.js';
import { AdjustableClock, MINUTE } from '../../../src/ground/clock.js';
import { FakeGithub } from '../../fakes/fake-github.js';
import { FakeGithubApp } from '../../fakes/fake-github-app.js';
import { OpenApi } from '../../fakes/openapi.js';
import { APP_ID, appKeys, INSTALLATION_ID, type AppKeys } from '../../helpers/live-fakes-app.js';

const START = Date.parse('2026-01-05T09:00:00Z');
const REPO = targetOf('ipfs/go-ipfs');
let api: OpenApi;
let keys: AppKeys;
let fake: FakeGithub;
let url: string;
let clock: AdjustableClock;

beforeAll(() => {
  api = OpenApi.github();
  keys = appKeys();
});
beforeEach(async () => {
  fake = new FakeGithub(api, 'ipfs', 'go-ipfs', 'ghp_personal_token_for_tests');
  url = await fake.http.listen();
  clock = AdjustableClock.manual(START);
});
afterEach(async () => {
  vi.useRealTimers();
  await fake.http.close();
});

function installApp(owner = 'ipfs', repo = 'go-ipfs'): FakeGithubApp {
  const app = new FakeGithubApp(APP_ID, keys.publicKey, INSTALLATION_ID, owner, repo);
  app.now = () => clock.now();
  fake.app = app;
  return app;
}

const asApp = ({ privateKey = keys.privateKeyPem, lookUp = false } = {}) =>
  createOctokit(url, { appId: APP_ID, privateKey, installationId: lookUp ? undefined : INSTALLATION_ID, repo: REPO, clock }, 5_000, (t) => t);
const masterRef = (gh: ReturnType<typeof createOctokit>) => gh.rest.git.getRef({ ...REPO, ref: 'heads/master' });

describe('signing in as a GitHub App', () => {
  it('gets an installation token with a JWT the fake verifies, and uses it for the repository', async () => {
    const app = installApp();
    const answer = await masterRef(asApp());
    expect(answer.status).toBe(200);
    expect(app.jwtsAccepted).toBe(1);
    expect(app.used).toEqual([0]);
    expect(app.refused).toEqual([]);
    expect(fake.http.rejections).toEqual([]);
  });

  it('is refused with 401 when the key is not the App key', async () => {
    const app = installApp();
    await expect(masterRef(asApp({ privateKey: appKeys().privateKeyPem }))).rejects.toMatchObject({ status: 401 });
    expect(app.refused).toEqual([`POST /app/installations/${INSTALLATION_ID}/access_tokens: JWT signature does not verify with the App public key`]);
    expect(app.issued).toEqual([]);
  });

  it("signs the JWT on the app's clock: ten minutes later by GitHub's, the fake refuses it", async () => {
    const app = installApp();
    app.now = () => clock.now() + 11 * MINUTE;
    await expect(masterRef(asApp())).rejects.toMatchObject({ status: 401 });
    expect(app.refused[0]).toMatch(/: JWT expired$/);
  });

  it('refuses a personal token once the repository is on App auth', async () => {
    const app = installApp();
    await expect(masterRef(createOctokit(url, 'ghp_personal_token_for_tests'))).rejects.toMatchObject({ status: 401 });
    expect(app.refused).toEqual(['GET /repos/ipfs/go-ipfs/git/ref/heads%2Fmaster: not an installation token']);
  });

  it('names the App and the repository when the App is not installed there, and asks again next time', async () => {
    installApp('someone', 'else');
    const gh = asApp({ lookUp: true });
    await expect(masterRef(gh)).rejects.toThrow(`the GitHub App ${APP_ID} is not installed on ipfs/go-ipfs (GET /repos/ipfs/go-ipfs/installation: Not Found`);
    await expect(masterRef(gh)).rejects.toMatchObject({ status: 404 });
    expect(fake.count('GET', /\/installation$/)).toBe(2);
  });

  it('cuts an installation token out of an error that quotes it', async () => {
    const app = installApp();
    const gh = asApp();
    await masterRef(gh);
    const token = app.issued[0]!.token;
    fake.http.failNext('GET', /\/git\/ref\//, { status: 400, body: { message: `bad header: token ${token}` } });
    const error = (await masterRef(gh).catch((e: unknown) => e)) as Error & { response: { data: unknown } };
    expect(error.message).not.toContain(token);
    expect(JSON.stringify(error.response.data)).not.toContain(token);
    expect(error.message).toContain('[redacted]');
  });

  it('sends a request refused for a revoked token once more with a new token: nothing fails, nothing is done twice', async () => {
    const app = installApp();
    const gh = asApp();
    await masterRef(gh);
    app.revokeAll();
    // auth-app waits and repeats a 401 itself while a token is under 5 s old (GitHub's replication delay), on
    // the wall clock: the token is made older than that without waiting.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10_000);
    const created = await gh.rest.git.createRef({ ...REPO, ref: 'refs/heads/release-v0.5.0', sha: fake.resolve('master')! });
    expect(created.status).toBe(201);
    expect(app.refused).toEqual(['POST /repos/ipfs/go-ipfs/git/refs: token 0 revoked']);
    expect(app.issued).toHaveLength(2);
    expect(app.used).toEqual([0, 1]);
    expect(fake.count('POST', /\/git\/refs$/)).toBe(2);
    expect(fake.branches()).toEqual(['master', 'release-v0.5.0']);
  });
  it('sends a request refused for every token at most once more, and fails without waiting', async () => {
    const app = installApp();
    const gh = asApp();
    await masterRef(gh);
    // Every token stops working as soon as it is issued (an App suspended for good).
    const answer = app.answer.bind(app);
    app.answer = (...args) => {
      app.revokeAll();
      const reply = answer(...args);
      app.revokeAll();
      return reply;
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10_000);
    await expect(masterRef(gh)).rejects.toMatchObject({ status: 401 });
    // Refused with the old token, then once more with a new one: nothing else.
    expect(app.refused).toEqual(['GET /repos/ipfs/go-ipfs/git/ref/heads%2Fmaster: token 0 revoked', 'GET /repos/ipfs/go-ipfs/git/ref/heads%2Fmaster: token 1 revoked']);
    expect(app.issued).toHaveLength(2);
  }, 4_000);
});
