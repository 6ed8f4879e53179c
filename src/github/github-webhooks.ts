/**
 * The `Webhooks` instance GitHub's deliveries are handed to (by src/web/github-webhook-route.ts, after it
 * has verified and filtered them). Reactions register their handlers on it with `webhooks.on(...)`.
 */
import { Webhooks } from '@octokit/webhooks';
import type { Logger } from '../log/logger.js';

export function createGithubWebhooks(secret: string, log: Logger): Webhooks {
  // The library's own log lines go to ours (it would otherwise write to the console).
  const to = (level: 'debug' | 'info' | 'warn' | 'error') => (...data: unknown[]) => log[level]({ library: '@octokit/webhooks' }, data.map(String).join(' '));
  return new Webhooks({ secret, log: { debug: to('debug'), info: to('info'), warn: to('warn'), error: to('error') } });
}
