/**
 * The `github:` section. Present: releases, the release issue and the CI gate go to GitHub for real;
 * absent: local mode's dry run. The repository itself is `project.repo`.
 */
import { z } from 'zod';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS } from './delivery-config.js';
import { githubWebhooksSection } from './github-webhooks-config.js';
import { secretRef } from './secret-ref.js';
import { checkOneGithubAuth, githubAppSection } from './github-app-config.js';

export const githubSection = z.strictObject({
  apiUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.github.com' }).default('https://api.github.com').describe('The REST API root; GitHub Enterprise: `https://HOST/api/v3`.'),
  token: secretRef.optional().describe('A token that may push refs, create releases and write issues on `project.repo`; or use `app`, not both.'),
  app: githubAppSection.optional().describe('A GitHub App installed on `project.repo` (docs/github-app.md); exactly one of `token` and `app`.'),
  watchEverySeconds: z.number().int().min(10).max(24 * 3600).default(300).describe('How often the release branch of a release in stages 1–3 is checked for new commits.'),
  requestTimeoutSeconds: z.number().int().min(1).max(600).default(DEFAULT_REQUEST_TIMEOUT_SECONDS).describe('A request GitHub has not answered after this many seconds is given up and retried later.'),
  webhooks: githubWebhooksSection.optional().describe('Present: GitHub\'s signed deliveries are taken at `POST /api/github/webhooks` on the web server (docs/github-webhooks.md).'),
}).superRefine(checkOneGithubAuth);

export type GithubConfig = z.infer<typeof githubSection>;
