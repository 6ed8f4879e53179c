/**
 * While a release is in stages 1–3 its RC is being tested, so a commit landing on the release branch means
 * a decision for the leads: restart with a new RC, or ignore it. The watcher polls the branch head with a
 * conditional request (If-None-Match: an unchanged branch answers 304, which GitHub does not count against
 * the rate limit), and on a new head lists the commits since the RC tag and tells the leads once per head.
 */
import type { Octokit } from 'octokit';
import type { ReleaseDesk } from '../desk/release-desk.js';
import type { Logger } from '../log/logger.js';
import { formatVersion, rcTag, releaseBranch } from '../release/version.js';
import type { Clock } from '../ground/clock.js';
import type { StoredRelease } from '../store/release-repo.js';
import { statusOf, type GithubTarget } from './github-api.js';

export interface WatcherDeps {
  readonly gh: Octokit;
  readonly repo: GithubTarget;
  readonly desk: ReleaseDesk;
  readonly clock: Clock;
  readonly log: Logger;
  readonly everyMs: number;
  readonly prefix: string;
  /**
   * The slower round while webhook deliveries arrive (default six rounds: 5 min → 30 min): GitHub is then
   * telling Stagehand of pushes itself, and the poll only covers a delivery that never came.
   */
  readonly slowEveryMs?: number;
}

const WATCHED_STAGES = new Set([1, 2, 3]);
/** Commits listed by name in a notice; more are counted. */
const LISTED = 10;

export class BranchWatcher {
  /** The last answer per branch: its ETag for the next conditional request. */
  private readonly seen = new Map<string, { etag: string; sha: string }>();
  private cancel: (() => void) | null = null;
  /** When the last webhook delivery arrived (any event: it shows the hook works). */
  private lastDeliveryAt: number | null = null;

  constructor(private readonly deps: WatcherDeps) {}

  start(): void {
    this.arm();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  /** One round over every release in stages 1–3. */
  async check(): Promise<void> {
    for (const release of this.deps.desk.active().filter((r) => WATCHED_STAGES.has(r.stage))) {
      try {
        await this.checkRelease(release);
      } catch (error) {
        // A failed poll is tried again next round; the release goes on regardless.
        this.deps.log.warn({ version: formatVersion(release.version), reason: error instanceof Error ? error.message : String(error) }, 'branch watch failed');
      }
    }
  }

  /** A webhook delivery arrived: the poller slows down until deliveries stop for a slow round. */
  heard(): void {
    this.lastDeliveryAt = this.deps.clock.now();
  }

  /**
   * GitHub delivered a push of `head` to `branch` (src/github/webhook-reactions.ts): the same check as a
   * poll round, at once, for the release in stages 1–3 on that branch. The head comes from the signed
   * delivery, not a read of the branch, which may still show the old head for a moment. The notice key is
   * the poll's, so the poll that later sees this head says nothing.
   */
  async pushed(branch: string, head: string): Promise<void> {
    const release = this.deps.desk.active().find((r) => WATCHED_STAGES.has(r.stage) && releaseBranch(r.version) === branch);
    if (release) await this.promptFor(release, branch, head);
  }

  /** The current round's length: slow while deliveries arrive, normal once none came for a slow round. */
  private roundMs(): number {
    const slow = this.deps.slowEveryMs ?? 6 * this.deps.everyMs;
    const recent = this.lastDeliveryAt !== null && this.deps.clock.now() - this.lastDeliveryAt < slow;
    return recent ? Math.max(slow, this.deps.everyMs) : this.deps.everyMs;
  }

  private arm(): void {
    this.cancel = this.deps.clock.schedule(this.deps.clock.now() + this.roundMs(), async () => {
      await this.check();
      if (this.cancel) this.arm();
    });
  }

  private async checkRelease(release: StoredRelease): Promise<void> {
    const { gh, repo } = this.deps;
    const branch = releaseBranch(release.version);
    const known = this.seen.get(branch);
    let sha: string;
    let etag: string | undefined;
    try {
      const ref = await gh.rest.git.getRef({ ...repo, ref: `heads/${branch}`, headers: known ? { 'if-none-match': known.etag } : {} });
      sha = ref.data.object.sha;
      etag = ref.headers.etag;
    } catch (error) {
      const status = statusOf(error);
      if (status === 304 || status === 404) return; // unchanged, or not created yet
      throw error;
    }
    if (known?.sha === sha) return;
    // Remembered only once its commits are listed: a head whose commits could not be listed is looked at again next round.
    if (await this.promptFor(release, branch, sha)) {
      if (etag) this.seen.set(branch, { etag, sha });
    }
  }

  /** Tell the leads about the commits between the RC tag and `sha`, once per head; false if they could not be listed yet. */
  private async promptFor(release: StoredRelease, branch: string, sha: string): Promise<boolean> {
    const { gh, repo } = this.deps;
    const tag = rcTag(release.version, release.rc);
    let commits: { sha: string; message: string }[];
    try {
      const compared = await gh.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${tag}...${sha}`, per_page: 100 });
      commits = compared.data.commits.map((c) => ({ sha: c.sha, message: c.commit.message.split('\n')[0] ?? '' }));
    } catch (error) {
      if (statusOf(error) === 404) return false; // the RC tag is not on GitHub yet: its pre-release is still queued
      throw error;
    }
    const ignored = this.deps.desk.ignoredCommits(release);
    const fresh = commits.filter((c) => !ignored.some((i) => c.sha.startsWith(i)));
    if (fresh.length === 0) return true;
    const version = formatVersion(release.version);
    const listed = fresh.slice(0, LISTED).map((c) => `${c.sha.slice(0, 7)} ${c.message}`);
    const more = fresh.length > LISTED ? `; and ${fresh.length - LISTED} more` : '';
    const { prefix } = this.deps;
    this.deps.desk.notify({
      key: `branch-commits:${version}:${sha}`,
      releaseId: release.id,
      text:
        `New commits on ${branch} since ${tag}: ${listed.join('; ')}${more}. ` +
        `Is one of them a non-trivial fix? Then ${prefix}release restart ${version} <reason> cuts ${rcTag(release.version, release.rc + 1)}; ` +
        `otherwise ${prefix}release ignore ${version} <sha> <reason> for each.`,
    });
    return true;
  }
}
