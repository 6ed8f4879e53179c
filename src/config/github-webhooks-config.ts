/**
 * `github.webhooks`: the secret GitHub signs each delivery with (the same value as the webhook's "Secret"
 * on GitHub). Its presence turns on `POST /api/github/webhooks`, which the web server serves, so a
 * `web:` section is needed too (checked in schema.ts).
 */
import { z } from 'zod';
import { secretRef } from './secret-ref.js';

export const githubWebhooksSection = z.strictObject({
  /** The webhook secret, `{ env: NAME }` or `{ file: path }`; never in the config file itself. */
  secret: secretRef.describe('The webhook secret (the "Secret" of the webhook on GitHub), `{ env: NAME }` or `{ file: path }`.'),
  /**
   * Addresses of reverse proxies whose `X-Forwarded-For` names the client (its last entry), so the rate
   * limit is per client rather than one for all; from any other address the header is ignored.
   */
  trustedProxies: z.array(z.union([z.ipv4(), z.ipv6()], { error: 'must be an IP address such as 127.0.0.1' })).max(16).default(['127.0.0.1', '::1']).describe('Reverse proxies whose `X-Forwarded-For` names the client for the rate limit; from other addresses the header is ignored.'),
});

export type GithubWebhooksConfig = z.infer<typeof githubWebhooksSection>;
