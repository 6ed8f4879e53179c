/**
 * The real logger (createLogger) writing into memory: secrets passed the ways they realistically reach a
 * log — a config object, a client's options, an HTTP error with its request, an error message quoting a
 * URL or header — never appear in the output, while the rest of the line survives.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { scrubText } from '../../../src/log/scrub.js';

const MATRIX_TOKEN = 'syt_c3RhZ2VoYW5k_QmFkU2VjcmV0VmFsdWU_1a2b3c';
const IRC_PASSWORD = 'hunter2-irc-sasl';
const GITHUB_TOKEN = 'ghp_1234567890abcdefghijABCDEFGHIJ123456';
const TWITTER = { appKey: 'tw-app-key-XYZ', appSecret: 'tw-app-secret-XYZ', accessToken: '123-tw-access-token-XYZ', accessSecret: 'tw-access-secret-XYZ' };
const SECRETS = [MATRIX_TOKEN, IRC_PASSWORD, GITHUB_TOKEN, ...Object.values(TWITTER)];

function capture(): { log: ReturnType<typeof createLogger>; text: () => string } {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  return { log: createLogger('debug', sink), text: () => out };
}

function expectNoSecrets(text: string): void {
  for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
  // Not even a recognisable piece of one.
  expect(text).not.toMatch(/QmFkU2VjcmV0|hunter2|abcdefghijABCDEF|tw-[a-z-]+-XYZ/);
}

describe('log redaction', () => {
  it('censors secrets under their keys at any depth, in child bindings too', () => {
    const { log, text } = capture();
    log.info({ accessToken: MATRIX_TOKEN, homeserverUrl: 'https://matrix.example.org' }, 'matrix client');
    log.info({ config: { chat: { irc: { host: 'irc.example.org', sasl: { account: 'stagehand', password: IRC_PASSWORD } } } } }, 'irc options');
    log.info({ options: { auth: { token: GITHUB_TOKEN } } }, 'octokit');
    log.info({ twitter: { credentials: { ...TWITTER } } }, 'twitter client');
    log.child({ part: 'x', access_token: MATRIX_TOKEN }).warn('child');
    const out = text();
    expectNoSecrets(out);
    expect(out).toContain('"homeserverUrl":"https://matrix.example.org"');
    expect(out).toContain('"account":"stagehand"');
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(8);
  });

  it('censors an HTTP error’s request headers and config, and secrets quoted in error messages, URLs and stacks', () => {
    const { log, text } = capture();
    const httpError = Object.assign(new Error(`GET https://matrix.example.org/_matrix/client/v3/sync?since=s1&access_token=${MATRIX_TOKEN} failed: 401`), {
      config: { url: '/sync', headers: { Authorization: `Bearer ${MATRIX_TOKEN}` } },
      request: { method: 'POST', url: 'https://api.github.com/repos/o/r/releases', headers: { authorization: `token ${GITHUB_TOKEN}` } },
    });
    log.error({ err: httpError }, 'sync failed');
    // irc-framework keeps its connect options, SASL account included, on the client it errors from.
    log.error({ err: Object.assign(new Error('SASL authentication failed'), { client: { options: { nick: 'stagehand', account: { account: 'stagehand', password: IRC_PASSWORD } } } }) }, 'irc');
    log.error({ err: new Error('bad credentials', { cause: new Error(`Authorization: token ${GITHUB_TOKEN}`) }) }, 'github');
    log.warn(`retrying with ircs://stagehand:${IRC_PASSWORD}@irc.example.org:6697`);
    log.error({ err: new Error(`OAuth oauth_consumer_key="${TWITTER.appKey}", oauth_token="${TWITTER.accessToken}"`) }, 'twitter');
    log.error(new Error(`bad token ${GITHUB_TOKEN}`));
    const out = text();
    expectNoSecrets(out);
    expect(out).toContain('since=s1&access_token=[redacted]');
    expect(out).toContain('"method":"POST"');
    expect(out).toContain('ircs://[redacted]@irc.example.org:6697');
  });

  it('leaves ordinary text alone', () => {
    const line = 'v0.5.0-rc1 entered stage 2: https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0-rc1?tab=x (token bucket refilled)';
    expect(scrubText(line)).toBe(line);
  });
});
