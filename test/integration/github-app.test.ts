/**
 * Stagehand signed in as a GitHub App (issue 16), against the fake GitHub holding the App's public key:
 * it verifies every JWT, issues installation tokens that expire when the test says, and refuses a
 * personal token, an expired or an unknown one with 401, as GitHub does. Requests are still checked against
 * GitHub's OpenAPI description. The app is the real one, on a manual clock that the fake reads too.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/ground/clock.js';
import type { FakeGithubApp } from '../fakes/fake-github-app.js';
import type { LiveFakes } from '../helpers/live-fakes.js';
import { appKeys, INSTALLATION_ID, useGithubApp, type AppKeys, type UseAppOptions } from '../helpers/live-fakes-app.js';
import { liveFakesForEachTest, oneCommitOnMaster } from '../helpers/live-fakes-each-test.js';
import { advanceToRelease, ciGreen, expectOneCleanRelease, fullRelease } from '../helpers/live-release.js';
import { createTestApp, TEST_START, type TestApp } from '../helpers/test-app.js';

let keys: AppKeys;
let fakes: LiveFakes;
let t: TestApp | undefined;

beforeAll(() => {
  keys = appKeys();
});

liveFakesForEachTest((started) => {
  fakes = started;
  oneCommitOnMaster(fakes);
});

afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The test app on the App's config; the fake App reads the app's clock. */
function open(options: UseAppOptions = {}): { t: TestApp; app: FakeGithubApp } {
  const app = useGithubApp(fakes, keys, options);
  app.now = () => t?.clock.now() ?? TEST_START;
  t = createTestApp({ configFile: fakes.configFile });
  return { t, app };
}

/** Requests to the repository's API (everything but the App's own routes). */
const repositoryRequests = (): number => fakes.github.http.requests.filter((r) => !/^\S+ \/app\/|\/installation /.test(r)).length;

describe('GitHub App authentication', () => {
  it('runs a whole release with installation tokens only, no personal token anywhere', async () => {
    const { t, app } = open();
    await fullRelease(t, fakes);
    expectOneCleanRelease(t, fakes);
    // Nothing was refused: every request carried a live installation token or, on the App's routes, a good JWT.
    expect(app.refused).toEqual([]);
    expect(app.issued.length).toBeGreaterThanOrEqual(1);
    expect(app.used).toHaveLength(repositoryRequests());
    expect(fakes.github.count('POST', new RegExp(`^/app/installations/${INSTALLATION_ID}/access_tokens$`))).toBe(app.issued.length);
    // The config named the installation: it is not looked up.
    expect(fakes.github.count('GET', /\/installation$/)).toBe(0);
    // Within the hour one token serves the whole release (auth-app's cache): not one per request.
    expect(app.issued).toHaveLength(1);
    // The private key never reaches the store or the output.
    const everything = JSON.stringify(t.snapshot()) + t.takeOutput();
    for (const line of keys.privateKeyPem.split('\n').filter((l) => l.length > 20)) expect(everything).not.toContain(line);
  });

  it('finds the installation from project.repo when the config does not name it, once', async () => {
    const { t, app } = open({ installationInConfig: false });
    await fullRelease(t, fakes);
    expectOneCleanRelease(t, fakes);
    expect(app.refused).toEqual([]);
    expect(fakes.github.count('GET', /^\/repos\/ipfs\/go-ipfs\/installation$/)).toBe(1);
    expect(fakes.github.http.requests.find((r) => r.startsWith('POST /app/installations/'))).toBe(`POST /app/installations/${INSTALLATION_ID}/access_tokens 201`);
  });

  it('renews a token before it expires mid-release: the next request gets a new one, nothing fails or doubles', async () => {
    const { t, app } = open();
    app.tokenLifetimeMs = 20 * MINUTE;
    expect((await t.say('!release new v0.5.0')).tone).toBe('ok');
    expect(app.issued).toHaveLength(1);
    const firstExpiry = app.issued[0]!.expiresAt;

    // Four minutes of the first token left: too little to start a request with, so it is replaced.
    await t.clock.advanceBy(firstExpiry - t.clock.now() - 4 * MINUTE);
    ciGreen(fakes);
    expect((await t.say('!release advance')).tone).toBe('ok');
    expect(app.issued.length).toBeGreaterThanOrEqual(2);
    expect(app.used.at(-1)).toBeGreaterThanOrEqual(1);

    // Well past the second token's expiry (the fake now refuses it): the next request brings a third.
    const second = app.issued.length - 1;
    await t.clock.advanceBy(app.issued[second]!.expiresAt - t.clock.now() + 30 * MINUTE);
    const before = app.issued.length;
    await advanceToRelease(t, fakes);
    expect(app.issued.length).toBeGreaterThan(before);

    expect(app.refused).toEqual([]);
    expectOneCleanRelease(t, fakes);
    // Tokens were used in the order they were issued, each only before its expiry (the fake checked).
    expect(app.used).toEqual([...app.used].sort((a, b) => a - b));
    expect(new Set(app.used).size).toBeGreaterThanOrEqual(3);
  });
});
