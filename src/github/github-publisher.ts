/**
 * GitHub as a publisher: the release branch, the RC pre-releases and the final release, and the release
 * issue with its checklist and one comment per stage change.
 *
 * Every action first looks for its own earlier effect (the branch, the release by tag, the issue by label
 * and title, the comment by its hidden `<!-- stagehand:KEY -->` marker), so a delivery repeated after a
 * crash between GitHub's answer and the outbox's record finds it instead of doing it twice.
 */
import type { Octokit } from 'octokit';
import type { EffectPayload, OutboxEffect } from '../ground/effects.js';
import type { DeliveryOutcome, Publisher } from '../publish/publisher.js';
import type { Clock } from '../ground/clock.js';
import type { IssueChecklistMemory } from '../store/issue-checklist-repo.js';
import { tickedStageKeys } from '../text/checklist.js';
import { issueTitle } from '../text/effect-composer.js';
import { wantedOf } from '../text/issue-update.js';
import { outcomeOfError, statusOf, type GithubTarget } from './github-api.js';
import { SharedIssue } from './shared-issue.js';

type Payload<A extends EffectPayload['action']> = Extract<EffectPayload, { action: A }>;

const DELIVERED = { kind: 'delivered' } as const;
const ALREADY = { kind: 'delivered', already: true } as const;

/** The hidden line that identifies a comment as the delivery of one effect. */
const commentMarker = (key: string): string => `<!-- stagehand:${key} -->`;

export class GithubPublisher implements Publisher {
  readonly destination = 'github' as const;
  /** Issue numbers by version, found once per process. */
  private readonly issues = new Map<string, number>();
  private readonly shared: SharedIssue;

  constructor(
    private readonly gh: Octokit,
    private readonly repo: GithubTarget,
    private readonly issueLabel: string,
    private readonly clock: Clock,
    checklists: IssueChecklistMemory,
  ) {
    this.shared = new SharedIssue(gh, repo, checklists, clock);
  }

  targets(): readonly string[] {
    return [''];
  }

  async deliver(effect: OutboxEffect): Promise<DeliveryOutcome> {
    const { payload } = effect;
    try {
      switch (payload.action) {
        case 'create-branch':
          return await this.createBranch(payload);
        case 'create-prerelease':
        case 'create-release':
          return await this.createRelease(payload);
        case 'open-issue':
          return await this.openIssue(payload);
        case 'update-issue':
          return await this.updateIssue(payload, effect.key);
        case 'announce':
        case 'write-draft':
        case 'poll-start':
        case 'poll-end':
          return { kind: 'failed', reason: `GitHub does not take ${payload.action} effects` };
      }
    } catch (error) {
      return outcomeOfError(error, this.clock.now(), `${payload.action} on ${this.repo.owner}/${this.repo.repo}`);
    }
  }

  private async createBranch(payload: Payload<'create-branch'>): Promise<DeliveryOutcome> {
    if (await this.found(() => this.gh.rest.git.getRef({ ...this.repo, ref: `heads/${payload.branch}` }))) return ALREADY;
    // `from` is the default branch, or the release tag a patch builds on: the commits API resolves either.
    const base = await this.gh.rest.repos.getCommit({ ...this.repo, ref: payload.from });
    try {
      await this.gh.rest.git.createRef({ ...this.repo, ref: `refs/heads/${payload.branch}`, sha: base.data.sha });
    } catch (error) {
      // Created meanwhile by someone else (or an earlier attempt whose answer was lost).
      if (statusOf(error) === 422) return ALREADY;
      throw error;
    }
    return DELIVERED;
  }

  /** A pre-release `vX.Y.Z-rcN` or the final `vX.Y.Z`, tagged at the release branch's head. */
  private async createRelease(payload: Payload<'create-prerelease' | 'create-release'>): Promise<DeliveryOutcome> {
    if (await this.found(() => this.gh.rest.repos.getReleaseByTag({ ...this.repo, tag: payload.tag }))) return ALREADY;
    const changes = await this.gh.rest.repos.generateReleaseNotes({
      ...this.repo,
      tag_name: payload.tag,
      target_commitish: payload.branch,
      ...(payload.previousTag ? { previous_tag_name: payload.previousTag } : {}),
    });
    await this.gh.rest.repos.createRelease({
      ...this.repo,
      tag_name: payload.tag,
      target_commitish: payload.branch,
      name: payload.title,
      body: `${payload.notes.trimEnd()}\n\n${changes.data.body}`,
      prerelease: payload.action === 'create-prerelease',
      make_latest: payload.action === 'create-release' ? 'true' : 'false',
    });
    return DELIVERED;
  }

  private async openIssue(payload: Payload<'open-issue'>): Promise<DeliveryOutcome> {
    const existing = await this.findIssue(payload.version, payload.title);
    if (existing !== undefined) {
      // Opened by a person before the release started, or by an attempt whose answer was lost: adopt it,
      // keeping its body and adding Stagehand's status block (and the boxes of stages already passed).
      const { outcome } = await this.shared.apply(payload.version, existing, wantedOf(payload), false);
      return outcome.kind === 'delivered' ? ALREADY : outcome;
    }
    const created = await this.gh.rest.issues.create({ ...this.repo, title: payload.title, body: payload.body, labels: [...payload.labels] });
    this.issues.set(payload.version, created.data.number);
    this.shared.opened(payload.version, created.data.number, payload.body, tickedStageKeys(payload.body));
    return DELIVERED;
  }

  private async updateIssue(payload: Payload<'update-issue'>, key: string): Promise<DeliveryOutcome> {
    const number = await this.findIssue(payload.version, payload.title);
    if (number === undefined) return { kind: 'failed', reason: `there is no issue "${payload.title ?? issueTitle(payload.version)}" labelled ${this.issueLabel} to update` };
    const marker = commentMarker(key);
    const comments = await this.gh.paginate(this.gh.rest.issues.listComments, { ...this.repo, issue_number: number, per_page: 100 });
    const commented = comments.some((c) => c.body?.includes(marker) ?? false);
    if (!commented) await this.gh.rest.issues.createComment({ ...this.repo, issue_number: number, body: `${payload.comment}\n\n${marker}` });
    // Merging into the body (and closing) is idempotent, so it is simply done again after a crash.
    const { outcome } = await this.shared.apply(payload.version, number, wantedOf(payload), payload.close);
    if (outcome.kind !== 'delivered') return outcome;
    return commented ? ALREADY : DELIVERED;
  }

  /**
   * The release issue of a version, open or closed: the one Stagehand wrote before, else an issue with the
   * issue label titled `title` (the template's, or `Release vX.Y.Z`), else one whose title names the version
   * (`go-ipfs 0.5.0 Release`, opened by a person), open ones first.
   */
  private async findIssue(version: string, title = issueTitle(version)): Promise<number | undefined> {
    const cached = this.issues.get(version) ?? this.shared.numberOf(version) ?? undefined;
    if (cached !== undefined) return cached;
    const issues = (await this.gh.paginate(this.gh.rest.issues.listForRepo, { ...this.repo, labels: this.issueLabel, state: 'all', per_page: 100 })).filter((i) => !i.pull_request);
    const names = namesVersion(version);
    const found =
      issues.find((i) => i.title === title) ??
      issues.find((i) => i.title === issueTitle(version)) ??
      issues.find((i) => i.state === 'open' && names(i.title)) ??
      issues.find((i) => names(i.title));
    if (found) this.issues.set(version, found.number);
    return found?.number;
  }

  /** Whether a GET finds its object: 404 means no, anything else but success is an error. */
  private async found(get: () => Promise<unknown>): Promise<boolean> {
    try {
      await get();
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }
}

/** Whether a title names the version (`v0.5.0` or `0.5.0`), not a longer one or an RC (`0.5.0-rc1`, `0.5.01`). */
function namesVersion(version: string): (title: string) => boolean {
  const bare = version.replace(/^v/, '').replace(/\./g, '\\.');
  const pattern = new RegExp(`(?<![\\w.-])v?${bare}(?![\\w-]|\\.\\d)`, 'i');
  return (title) => pattern.test(title);
}
