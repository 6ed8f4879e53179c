/**
 * The `twitter:` section. Present: the stage-3 and stage-4 posts go to X/Twitter for real; absent: dry run.
 * OAuth 1.0a user context: the app's key and secret plus the posting account's access token and secret.
 */
import { z } from 'zod';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS } from './delivery-config.js';
import { secretRef } from './secret-ref.js';

export const twitterSection = z.strictObject({
  /** twitter-api-v2 has no base-URL option, so a non-default one is reached by rewriting. */
  apiUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.twitter.com' }).default('https://api.twitter.com').describe('The API root.'),
  appKey: secretRef.describe('The app\'s API key (OAuth 1.0a consumer key).'),
  appSecret: secretRef.describe('The app\'s API key secret.'),
  accessToken: secretRef.describe('The posting account\'s access token.'),
  accessSecret: secretRef.describe('The posting account\'s access token secret.'),
  requestTimeoutSeconds: z.number().int().min(1).max(600).default(DEFAULT_REQUEST_TIMEOUT_SECONDS).describe('A request X/Twitter has not answered after this many seconds is given up and retried later.'),
});

export type TwitterConfig = z.infer<typeof twitterSection>;
