/**
 * Writing Stagehand's part into the release issue that people edit too. GitHub has no conditional update
 * for issues, so each write is: read the body right before, merge Stagehand's part into it, write, read it
 * back. If the body read back is not the one written, a person saved in between (typically from a browser
 * tab opened before Stagehand's write, which puts back the old boxes): merge again onto what they saved,
 * a bounded number of times, then leave it to the outbox's retry. What was read back last is stored for
 * `!release status`, with the stage items Stagehand ticked.
 *
 * The one window this cannot close: a person's save landing between Stagehand's read and its write (one
 * round trip) is overwritten by Stagehand's write.
 */
import type { Octokit } from 'octokit';
import type { DeliveryOutcome } from '../publish/publisher.js';
import type { Clock } from '../ground/clock.js';
import type { IssueChecklistMemory } from '../store/issue-checklist-repo.js';
import type { ChecklistChange } from '../text/checklist.js';
import { sameBody, updateIssueBody, type WantedChecklist } from '../text/issue-update.js';
import type { GithubTarget } from './github-api.js';

/** Writes in a row that a person's edit may undo before Stagehand gives the update back to the outbox. */
const ATTEMPTS = 3;

export class SharedIssue {
  constructor(
    private readonly gh: Octokit,
    private readonly repo: GithubTarget,
    private readonly memory: IssueChecklistMemory,
    private readonly clock: Clock,
  ) {}

  /** The issue number remembered for a version, if Stagehand has written its issue before. */
  numberOf(version: string): number | null {
    return this.memory.get(version)?.issueNumber ?? null;
  }

  /** Remember the body of an issue Stagehand has just opened, with the stage items it ticked there. */
  opened(version: string, number: number, body: string, ticked: ReadonlySet<string>): void {
    this.remember(version, number, body, ticked);
  }

  /** Merge Stagehand's part into the live body (and close the issue if asked); the boxes it changed. */
  async apply(version: string, number: number, wanted: WantedChecklist, close: boolean): Promise<{ outcome: DeliveryOutcome; changes: readonly ChecklistChange[] }> {
    const before = this.memory.get(version)?.ticked ?? new Set<string>();
    let live = await this.read(number);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const merged = updateIssueBody(live.body, wanted, before);
      const closing = close && live.state !== 'closed';
      const changed = !sameBody(merged.body, live.body);
      if (!changed && !closing) {
        this.remember(version, number, live.body, merged.ticked);
        return { outcome: { kind: 'delivered' }, changes: merged.changes };
      }
      await this.gh.rest.issues.update({ ...this.repo, issue_number: number, ...(changed ? { body: merged.body } : {}), ...(closing ? { state: 'closed' as const } : {}) });
      const back = await this.read(number);
      if (sameBody(back.body, merged.body)) {
        this.remember(version, number, back.body, merged.ticked);
        return { outcome: { kind: 'delivered' }, changes: merged.changes };
      }
      live = back;
    }
    return {
      outcome: { kind: 'retry', reason: `the release issue #${number} was edited during each of ${ATTEMPTS} writes in a row; merging again later` },
      changes: [],
    };
  }

  private async read(number: number): Promise<{ body: string; state: string }> {
    const { data } = await this.gh.rest.issues.get({ ...this.repo, issue_number: number });
    return { body: data.body ?? '', state: data.state };
  }

  private remember(version: string, number: number, body: string, ticked: ReadonlySet<string>): void {
    this.memory.put({ release: version, issueNumber: number, body, ticked, readAt: this.clock.now() });
  }
}
