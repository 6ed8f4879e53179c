/**
 * The real networks a configuration asks for: a `github:` section makes GitHub (releases, the release
 * issue, the CI gate, the branch watcher) live, a `twitter:` section makes the X/Twitter posts live.
 * Without them local mode's dry runs stay in place. Secrets are read here, once, and go only to their client.
 */
import type { Webhooks } from '@octokit/webhooks';
import { readSecret } from './config/secret.js';
import { readPrivateKey } from './config/private-key.js';
import type { LoadedConfig } from './config/load.js';
import type { CiSource } from './desk/ci-source.js';
import type { ReleaseDesk } from './desk/release-desk.js';
import { BranchWatcher } from './github/branch-watcher.js';
import { createOctokit, targetOf } from './github/github-api.js';
import { GithubCi } from './github/github-ci.js';
import { GithubHistory } from './github/github-history.js';
import type { HistorySource } from './desk/history-source.js';
import { GithubPublisher } from './github/github-publisher.js';
import { createGithubWebhooks } from './github/github-webhooks.js';
import { registerWebhookReactions } from './github/webhook-reactions.js';
import type { Logger } from './log/logger.js';
import type { Publisher } from './publish/publisher.js';
import type { Clock } from './ground/clock.js';
import { inMemoryChecklists, type IssueChecklistMemory } from './store/issue-checklist-repo.js';
import { createTwitterClient } from './twitter/twitter-client.js';
import { TwitterPublisher } from './twitter/twitter-publisher.js';

export interface LiveParts {
  /** Publishers that replace the dry run for their destination. */
  readonly publishers: readonly Publisher[];
  /** GitHub's checks for the 0→1 gate, or null to keep the simulated CI. */
  readonly ci: CiSource | null;
  /** GitHub's release tags and releases, the project's past releases; null without GitHub. */
  readonly history: HistorySource | null;
  /** GitHub's webhook deliveries, when `github.webhooks` is configured: the web route hands them over. */
  readonly webhooks: Webhooks | null;
  /** Start background work that needs the desk (the branch watcher, the webhook reactions). */
  start(desk: ReleaseDesk): void;
  stop(): void;
}

/**
 * `redact`: takes the configured secrets out of GitHub's error messages where they are thrown.
 * `checklists`: where the GitHub publisher keeps the release issue as it last read it (the app's store).
 */
export function liveParts(
  loaded: LoadedConfig,
  clock: Clock,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
  redact?: (text: string) => string,
  checklists?: IssueChecklistMemory,
): LiveParts {
  const { config } = loaded;
  const publishers: Publisher[] = [];
  let ci: CiSource | null = null;
  let history: HistorySource | null = null;
  let webhooks: Webhooks | null = null;
  let watcher: BranchWatcher | null = null;
  const { github, twitter } = config;
  const prefix = config.commandPrefix;
  let startWatcher: ((desk: ReleaseDesk) => BranchWatcher) | null = null;

  if (github) {
    const repo = targetOf(config.project.repo);
    // The schema allows exactly one of the two: a person's token or a GitHub App installation.
    const auth = github.app
      ? { appId: github.app.appId, privateKey: readPrivateKey(loaded, github.app.privateKey, ['github', 'app', 'privateKey'], env), installationId: github.app.installationId, repo, clock }
      : readSecret(loaded, github.token!, ['github', 'token'], env);
    const gh = createOctokit(github.apiUrl, auth, github.requestTimeoutSeconds * 1000, redact);
    publishers.push(new GithubPublisher(gh, repo, config.project.issueLabel, clock, checklists ?? inMemoryChecklists()));
    ci = new GithubCi(gh, repo);
    history = new GithubHistory(gh, repo);
    const everyMs = github.watchEverySeconds * 1000;
    const gate = ci;
    if (github.webhooks) webhooks = createGithubWebhooks(readSecret(loaded, github.webhooks.secret, ['github', 'webhooks', 'secret'], env), log.child({ part: 'webhooks' }));
    startWatcher = (desk) => {
      const started = new BranchWatcher({ gh, repo, desk, clock, log: log.child({ part: 'branch-watch' }), everyMs, prefix });
      if (webhooks) registerWebhookReactions(webhooks, { desk, gh, repo, ci: gate, watcher: started, clock, log: log.child({ part: 'webhooks' }) });
      return started;
    };
  }
  if (twitter) {
    const key = (name: 'appKey' | 'appSecret' | 'accessToken' | 'accessSecret'): string => readSecret(loaded, twitter[name], ['twitter', name], env);
    const client = createTwitterClient(twitter.apiUrl, { appKey: key('appKey'), appSecret: key('appSecret'), accessToken: key('accessToken'), accessSecret: key('accessSecret') }, twitter.requestTimeoutSeconds * 1000);
    publishers.push(new TwitterPublisher(client, clock));
  }

  return {
    publishers,
    ci,
    history,
    webhooks,
    start(desk) {
      watcher = startWatcher?.(desk) ?? null;
      watcher?.start();
    },
    stop() {
      watcher?.stop();
    },
  };
}
