/**
 * The fake GitHub and X/Twitter servers, and a configuration (config/default.yaml plus `github:` and
 * `twitter:` sections pointing at them, secrets in files) for a test app that talks to them for real.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { FakeGithub } from '../fakes/fake-github.js';
import { FakeTwitter } from '../fakes/fake-twitter.js';
import type { OpenApi } from '../fakes/openapi.js';
import { DEFAULT_CONFIG_FILE } from './test-app.js';

export const GITHUB_TOKEN = 'ghp_fake_token_for_tests';
export const TWITTER_KEYS = { appKey: 'app-key-1', appSecret: 'app-secret', accessToken: 'access-token', accessSecret: 'access-secret' } as const;

export interface LiveFakes {
  readonly github: FakeGithub;
  readonly twitter: FakeTwitter;
  /** A config file whose github/twitter sections point at the fakes. */
  readonly configFile: string;
  /** Every request either fake refused: a passing test has none. */
  rejections(): string[];
  close(): Promise<void>;
}

export async function startLiveFakes(api: OpenApi): Promise<LiveFakes> {
  const github = new FakeGithub(api, 'ipfs', 'go-ipfs', GITHUB_TOKEN);
  const twitter = new FakeTwitter(TWITTER_KEYS);
  const [githubUrl, twitterUrl] = await Promise.all([github.http.listen(), twitter.http.listen()]);
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-live-'));
  const base = dirname(DEFAULT_CONFIG_FILE);
  const config = parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  const templates = config['templates'] as { dir: string; checklist: string };
  config['templates'] = { dir: resolve(base, templates.dir), checklist: resolve(base, templates.checklist) };
  writeFileSync(join(dir, 'github-token'), `${GITHUB_TOKEN}\n`);
  const secrets: Record<string, { file: string }> = {};
  for (const [name, value] of Object.entries(TWITTER_KEYS)) {
    writeFileSync(join(dir, name), value);
    secrets[name] = { file: name };
  }
  config['github'] = { apiUrl: githubUrl, token: { file: 'github-token' }, watchEverySeconds: 60 };
  config['twitter'] = { apiUrl: twitterUrl, ...secrets };
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, stringify(config));
  return {
    github,
    twitter,
    configFile,
    rejections: () => [...github.http.rejections, ...twitter.http.rejections],
    async close() {
      await Promise.all([github.http.close(), twitter.http.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
