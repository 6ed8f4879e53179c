/**
 * `github.webhooks`: the secret GitHub signs each delivery with (the same value as the webhook's "Secret"
 * on GitHub). Its presence turns on `POST /api/github/webhooks`, which the web server serves, so a
 * `web:` section is needed too (checked in schema.ts).
 */
import { z } from 'zod';
import { secretRef } from './secret-ref.js';

export const githubWebhooksSection = z.strictObject({
  /** The webhook secret, `{ env: NAME }` or `{ file: path }`; never in the config file itself. */
  secret: secretRef,
});

export type GithubWebhooksConfig = z.infer<typeof githubWebhooksSection>;
