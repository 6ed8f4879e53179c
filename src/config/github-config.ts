/**
 * The `github:` section. Present: releases, the release issue and the CI gate go to GitHub for real;
 * absent: local mode's dry run. The repository itself is `project.repo`.
 */
import { z } from 'zod';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS } from '../publish/request-deadline.js';
import { githubWebhooksSection } from './github-webhooks-config.js';
import { secretRef } from './secret-ref.js';

export const githubSection = z.strictObject({
  /** The REST API root; GitHub Enterprise or a local fake use their own. */
  apiUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.github.com' }).default('https://api.github.com'),
  /** A token that may push refs, create releases and write issues on `project.repo`. */
  token: secretRef,
  /** How often the release branch of a release in stages 1–3 is checked for new commits. */
  watchEverySeconds: z.number().int().min(10).max(24 * 3600).default(300),
  /** A request GitHub has not answered after this long is given up and retried later. */
  requestTimeoutSeconds: z.number().int().min(1).max(600).default(DEFAULT_REQUEST_TIMEOUT_SECONDS),
  /** Present: GitHub's signed deliveries are taken at `POST /api/github/webhooks` on the web server (docs/github-webhooks.md). */
  webhooks: githubWebhooksSection.optional(),
});

export type GithubConfig = z.infer<typeof githubSection>;
