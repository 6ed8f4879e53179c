/**
 * What GitHub's webhook deliveries change (the web route verifies them and hands them to the `Webhooks`
 * instance; this file only reacts). Every reaction reads GitHub's current state again rather than trusting
 * the delivery's news, so late, repeated or out-of-order deliveries cannot mislead it, and every change
 * goes through the release desk:
 * - check_run, check_suite, status on the head of a release branch at stage 0: the leads hear once when
 *   CI turns green, or which checks fail (src/desk/ci-verdicts.ts). Other commits are ignored.
 * - push to a release branch in stages 1–3: the branch watcher's restart prompt at once; the poller stays
 *   as the fallback and slows down while deliveries arrive.
 * - issues edited (the body) on a release issue: the body as GitHub holds it now, so people's ticks count.
 * A reaction that fails (GitHub unreachable) is logged and fails the delivery: the web route then answers
 * 500 and lets go of its id, so GitHub's redelivery (or a person's "Redeliver") tries again; meanwhile the
 * next delivery reads again, and the poller covers pushes.
 */
import type { Webhooks } from '@octokit/webhooks';
import type { Octokit } from 'octokit';
import type { CiSource } from '../desk/ci-source.js';
import type { ReleaseDesk } from '../desk/release-desk.js';
import type { Logger } from '../log/logger.js';
import { releaseBranch } from '../release/version.js';
import type { Clock } from '../ground/clock.js';
import type { BranchWatcher } from './branch-watcher.js';
import { statusOf, type GithubTarget } from './github-api.js';
import { commitAt, fieldAt } from './payload-fields.js';

export interface WebhookReactionDeps {
  readonly desk: ReleaseDesk;
  readonly gh: Octokit;
  readonly repo: GithubTarget;
  /** The 0→1 gate's reading of CI (GithubCi), so a webhook and `!release advance` agree. */
  readonly ci: CiSource;
  readonly watcher: BranchWatcher;
  readonly clock: Clock;
  readonly log: Logger;
}

export function registerWebhookReactions(webhooks: Webhooks, deps: WebhookReactionDeps): void {
  const ci = new CiReactions(deps);
  // Any delivery shows the hook works: the branch poller can slow down.
  webhooks.onAny(() => deps.watcher.heard());
  // Fields are read without trusting the payload's shape (payload-fields.ts): a delivery without them is ignored.
  const onCommit = (event: string, sha: string | null): Promise<void> => (sha === null ? misshapen(deps.log, event) : ci.onHead(sha));
  webhooks.on('check_run', ({ payload }) => onCommit('check_run', commitAt(payload, 'check_run', 'head_sha')));
  webhooks.on('check_suite', ({ payload }) => onCommit('check_suite', commitAt(payload, 'check_suite', 'head_sha')));
  webhooks.on('status', ({ payload }) => onCommit('status', commitAt(payload, 'sha')));
  webhooks.on('push', async ({ payload }) => {
    const ref = fieldAt(payload, 'ref');
    const after = commitAt(payload, 'after');
    if (typeof ref !== 'string' || after === null) return misshapen(deps.log, 'push');
    if (payload.deleted === true || !ref.startsWith('refs/heads/')) return;
    await guarded(deps.log, 'push', () => deps.watcher.pushed(ref.slice('refs/heads/'.length), after));
  });
  webhooks.on('issues.edited', async ({ payload }) => {
    if (fieldAt(payload, 'changes', 'body') === undefined) return; // the title or something else changed
    const issueNumber = fieldAt(payload, 'issue', 'number');
    if (!Number.isSafeInteger(issueNumber)) return misshapen(deps.log, 'issues');
    await guarded(deps.log, 'issue edit', () => readIssue(deps, issueNumber as number));
  });
}

/** A signed delivery without the fields its event always has: nothing to do, and a redelivery would fail alike. */
async function misshapen(log: Logger, event: string): Promise<void> {
  log.warn({ event }, 'webhook delivery ignored: not shaped like its event');
}

/**
 * CI readings one at a time, in the order their deliveries arrived, so a reading never commits after a
 * newer one; a burst of deliveries for one commit (a CI matrix reports each job) shares one waiting reading.
 */
class CiReactions {
  private tail: Promise<void> = Promise.resolve();
  private readonly waiting = new Map<string, Promise<void>>();

  constructor(private readonly deps: WebhookReactionDeps) {}

  onHead(sha: string): Promise<void> {
    if (!this.deps.desk.active().some((r) => r.stage === 0)) return Promise.resolve();
    const joined = this.waiting.get(sha);
    if (joined) return joined;
    const turn = this.tail.then(() => {
      this.waiting.delete(sha);
      return guarded(this.deps.log, 'CI reading', () => this.read(sha));
    });
    this.waiting.set(sha, turn);
    // A failed reading fails its own deliveries, not the readings queued behind it.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** For each release at stage 0 whose branch head is `sha`: the whole CI state of that commit, reported. */
  private async read(sha: string): Promise<void> {
    for (const release of this.deps.desk.active().filter((r) => r.stage === 0)) {
      const head = await headOf(this.deps, releaseBranch(release.version));
      if (head !== sha) continue; // a stale head, or another branch's commit
      this.deps.desk.reportCi(release, sha, await this.deps.ci.statusOf(sha));
    }
  }
}

async function headOf({ gh, repo }: WebhookReactionDeps, branch: string): Promise<string | null> {
  try {
    return (await gh.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null; // the branch is not there (yet)
    throw error;
  }
}

/** The release issue as GitHub holds it now, into the checklist state; not one of ours: nothing. */
async function readIssue(deps: WebhookReactionDeps, issueNumber: number): Promise<void> {
  const release = deps.desk.releaseWithIssue(issueNumber);
  if (!release) return;
  const since = deps.clock.now();
  const { data } = await deps.gh.rest.issues.get({ ...deps.repo, issue_number: issueNumber });
  deps.desk.issueRead(release, issueNumber, data.body ?? '', since);
}

/** Logged here (what failed), then thrown on: the delivery is not handled and stays open to a redelivery. */
async function guarded(log: Logger, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    log.warn({ reason: error instanceof Error ? error.message : String(error) }, `webhook ${what} failed; GitHub's redelivery reads again`);
    throw error;
  }
}
