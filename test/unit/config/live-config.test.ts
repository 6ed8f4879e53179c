import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../../src/config/load.js';
import { liveParts } from '../../../src/live-parts.js';
import { silentLogger } from '../../../src/log/logger.js';
import { AdjustableClock } from '../../../src/ground/clock.js';
import { problems } from '../../helpers/config-problems.js';

const EXAMPLE = fileURLToPath(new URL('../../../config/example.yaml', import.meta.url));
const ENV = { GITHUB_TOKEN: 'ghp_token1', TWITTER_APP_KEY: 'app-key-1', TWITTER_APP_SECRET: 'app-secret-1', TWITTER_ACCESS_TOKEN: 'access-token-1', TWITTER_ACCESS_SECRET: 'access-secret-1' };

const minimal = 'project: { name: x, repo: o/r }\ncadence: { anchor: "2019-09-09" }\n';

describe('the github and twitter sections', () => {
  it('config/example.yaml loads and makes GitHub and X/Twitter live', () => {
    const loaded = loadConfigFile(EXAMPLE);
    expect(loaded.config.github).toEqual({ apiUrl: 'https://api.github.com', token: { env: 'GITHUB_TOKEN' }, watchEverySeconds: 300, requestTimeoutSeconds: 30 });
    const live = liveParts(loaded, AdjustableClock.manual(0), silentLogger(), ENV);
    expect(live.publishers.map((p) => p.destination)).toEqual(['github', 'twitter']);
    expect(live.ci).not.toBeNull();
  });

  it('absent sections keep the dry runs', () => {
    const live = liveParts({ config: parseConfig(minimal), baseDir: '/', file: 'x' }, AdjustableClock.manual(0), silentLogger(), {});
    expect(live.publishers).toEqual([]);
    expect(live.ci).toBeNull();
  });

  it('names the key path of a bad value', () => {
    expect(problems(`${minimal}github: { apiUrl: ftp://x, token: { env: T } }\n`)).toEqual(['github.apiUrl: must be an http(s) URL such as https://api.github.com']);
    expect(problems(`${minimal}github: {}\n`)).toEqual(['github.token: required (a personal access token), or github.app instead (a GitHub App installation)']);
    expect(problems(`${minimal}github: { token: { env: T }, requestTimeoutSeconds: 0 }\n`)).toEqual(['github.requestTimeoutSeconds: must be at least 1']);
    expect(problems(`${minimal}delivery: { delayNoticeMinutes: -1 }\n`)).toEqual(['delivery.delayNoticeMinutes: must be more than 0']);
    expect(problems(`${minimal}github: { token: { env: T }, watchEverySeconds: 1 }\n`)[0]).toMatch(/^github\.watchEverySeconds: /);
    expect(problems(`${minimal}twitter: { appKey: { env: A }, appSecret: { env: B }, accessToken: { env: C } }\n`)[0]).toMatch(/^twitter\.accessSecret: /);
    expect(problems(`${minimal}twitter: { appKey: { env: A, file: x }, appSecret: { env: B }, accessToken: { env: C }, accessSecret: { env: D } }\n`)).toEqual(['twitter.appKey: give exactly one of env or file']);
  });

  it('a missing secret names the key and the variable, never a value', () => {
    const loaded = loadConfigFile(EXAMPLE);
    expect(() => liveParts(loaded, AdjustableClock.manual(0), silentLogger(), { ...ENV, TWITTER_ACCESS_SECRET: '' })).toThrow(
      /twitter\.accessSecret: the environment variable TWITTER_ACCESS_SECRET is not set/,
    );
    expect(() => liveParts(loaded, AdjustableClock.manual(0), silentLogger(), { ...ENV, GITHUB_TOKEN: undefined })).toThrow(/github\.token: the environment variable GITHUB_TOKEN is not set/);
  });
});
