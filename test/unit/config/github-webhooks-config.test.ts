import { describe, expect, it } from 'vitest';
import { readConfiguredSecrets, SECRET_PATHS } from '../../../src/config/configured-secrets.js';
import { parseConfig } from '../../../src/config/load.js';
import { problems, variant } from '../../helpers/config-problems.js';

const withWebhooks = (web: boolean) =>
  variant((c) => {
    c['github'] = { token: { env: 'GITHUB_TOKEN' }, webhooks: { secret: { env: 'WEBHOOK_SECRET' } } };
    if (!web) delete c['web'];
  });

describe('github.webhooks', () => {
  it('takes the secret as a reference, never inline', () => {
    expect(parseConfig(withWebhooks(true), 'ok.yaml').github?.webhooks).toEqual({ secret: { env: 'WEBHOOK_SECRET' }, trustedProxies: ['127.0.0.1', '::1'] });
    expect(problems(variant((c) => (c['github'] = { token: { env: 'T' }, webhooks: { secret: 'plain-text' } })))).toEqual([
      expect.stringMatching(/^github\.webhooks\.secret: /),
    ]);
  });

  it('takes trusted proxies as IP addresses', () => {
    const proxies = (list: unknown) => variant((c) => (c['github'] = { token: { env: 'T' }, webhooks: { secret: { env: 'S' }, trustedProxies: list } }));
    expect(parseConfig(proxies(['10.0.0.2', 'fd00::1']), 'ok.yaml').github?.webhooks?.trustedProxies).toEqual(['10.0.0.2', 'fd00::1']);
    expect(problems(proxies(['proxy.local']))).toEqual(['github.webhooks.trustedProxies[0]: must be an IP address such as 127.0.0.1']);
  });

  it('needs the web server that serves the endpoint', () => {
    expect(problems(withWebhooks(false))).toEqual(['github.webhooks: needs a web: section (the endpoint is served by the web server)']);
  });

  it('is one of the configured secrets: read at start (and refused when missing) and kept out of every output', () => {
    expect(SECRET_PATHS).toContainEqual(['github', 'webhooks', 'secret']);
    const loaded = { config: parseConfig(withWebhooks(true), '/tmp/ok.yaml'), baseDir: '/tmp', file: '/tmp/ok.yaml' };
    expect(readConfiguredSecrets(loaded, { GITHUB_TOKEN: 'ghp_token_1234', WEBHOOK_SECRET: 'whsec-abcdef' })).toContain('whsec-abcdef');
    expect(() => readConfiguredSecrets(loaded, { GITHUB_TOKEN: 'ghp_token_1234' })).toThrow(/github\.webhooks\.secret: the environment variable WEBHOOK_SECRET is not set/);
  });
});
