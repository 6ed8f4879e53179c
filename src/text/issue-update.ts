/**
 * What Stagehand writes into the shared release issue body, as one pure step: the stage boxes merged (see
 * mergeChecklist) and the status block set. Used by the GitHub publisher on the live body and by local
 * mode's dry run on its copy, so the rehearsal shows the same changes.
 */
import type { EffectPayload } from '../ground/effects.js';
import type { Stage } from '../release/stages.js';
import { mergeChecklist, stagesTickedIn, type MergedChecklist } from './checklist.js';
import { withStatusBlock } from './status-block.js';

export interface WantedChecklist {
  readonly passed: readonly Stage[];
  /** The status block's content, or null to leave the block as it is (an update queued by an older Stagehand). */
  readonly status: string | null;
}

export function updateIssueBody(body: string, wanted: WantedChecklist, stagehandTicked: ReadonlySet<string>): MergedChecklist {
  const merged = mergeChecklist(body, new Set(wanted.passed), stagehandTicked);
  return wanted.status === null ? merged : { ...merged, body: withStatusBlock(merged.body, wanted.status) };
}

/** The wanted state an issue payload carries; a row queued before the shared body had only a whole body. */
export function wantedOf(payload: Extract<EffectPayload, { action: 'open-issue' | 'update-issue' }>): WantedChecklist {
  if (payload.checklist) return { passed: payload.checklist.passed, status: payload.checklist.status };
  return { passed: stagesTickedIn(payload.body ?? ''), status: null };
}

/** GitHub may hand a body back with other line endings than it was sent with; the text is what counts. */
export const sameBody = (a: string, b: string): boolean => a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
