/**
 * Local mode's release issue: the dry run keeps its own copy of the body (in the store, where the GitHub
 * publisher keeps what it read) and merges each update into it exactly as the publisher merges into the live
 * body, so the rehearsal names the boxes an update ticks or re-opens.
 */
import type { Clock } from '../ground/clock.js';
import type { IssueChecklistMemory } from '../store/issue-checklist-repo.js';
import { countChecklist, tickedStageKeys } from '../text/checklist.js';
import { updateIssueBody, wantedOf } from '../text/issue-update.js';
import { describePayload } from './dry-run-publisher.js';
import type { EffectPayload } from '../ground/effects.js';

type IssuePayload = Extract<EffectPayload, { action: 'open-issue' | 'update-issue' }>;

export interface IssuePlan {
  readonly lines: string[];
  /** Keep the new copy (after the post is recorded as shown). */
  commit(): void;
}

export function planIssue(payload: IssuePayload, memory: IssueChecklistMemory, clock: Clock): IssuePlan {
  const record = memory.get(payload.version);
  const put = (body: string, ticked: ReadonlySet<string>) => (): void => memory.put({ release: payload.version, issueNumber: null, body, ticked, readAt: clock.now() });
  if (payload.action === 'open-issue') {
    if (!record) return { lines: describePayload(payload), commit: put(payload.body, tickedStageKeys(payload.body)) };
    const merged = updateIssueBody(record.body, wantedOf(payload), record.ticked);
    return { lines: [`adopt the issue "${payload.title}" (its text stays), adding the status block`], commit: put(merged.body, merged.ticked) };
  }
  const head = describePayload(payload).filter((line) => !line.startsWith('update the checklist') && line !== 'close the issue');
  if (!record) return { lines: describePayload(payload), commit: () => undefined };
  const merged = updateIssueBody(record.body, wantedOf(payload), record.ticked);
  const count = countChecklist(merged.body, merged.ticked);
  const lines = [
    ...head,
    `update the checklist: ${count.ticked} of ${count.total} items ticked`,
    ...merged.changes.map((c) => `    ${c.ticked ? 'ticked' : 're-opened'} (stage ${c.stage}): ${c.text}`),
    ...(payload.close ? ['close the issue'] : []),
  ];
  return { lines, commit: put(merged.body, merged.ticked) };
}
