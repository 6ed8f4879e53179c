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
    expect(parseConfig(withWebhooks(true), 'ok.yaml').github?.webhooks).toEqual({ secret: { env: 'WEBHOOK_SECRET' } });
    expect(problems(variant((c) => (c['github'] = { token: { env: 'T' }, webhooks: { secret: 'plain-text' } })))).toEqual([
      expect.stringMatching(/^github\.webhooks\.secret: /),
    ]);
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
