/**
 * The release issue's checklist: the project's template (config/release-checklist.md, or the go-ipfs
 * list-item shape) with the items of every stage the current RC has passed ticked. A restart re-opens the
 * list from stage 0, as the go-ipfs release template asks ("uncheck and return to stage 0").
 *
 * tickChecklist renders Stagehand's own first version of the body (when it opens the issue). After that the
 * body is shared with people: mergeChecklist changes only the boxes whose wanted state changed since
 * Stagehand last set them, so a box a person ticked or unticked stays as they left it.
 */
import { stagePath, type Stage } from '../release/stages.js';
import type { Release } from '../release/types.js';
import { scanChecklist } from './checklist-scan.js';

const SKIPPED = (kind: string): string => `_Skipped: ${kind} releases do not go through this stage._`;

/** The stages the current RC has passed (all of them once released); these stages' items are ticked. */
export function passedStages(release: Release): Stage[] {
  const path = stagePath(release.process);
  return path.filter((stage) => release.status === 'released' || stage < release.stage);
}

/** The stages a release of this kind skips (stage 2 for a patch release). */
export const skippedStages = (release: Release): Stage[] => ([0, 1, 2, 3, 4] as Stage[]).filter((s) => !stagePath(release.process).includes(s));

/**
 * Stagehand's rendering of a new issue body: every stage item set to its stage's state; a stage the release
 * skips says so (heading shape: its items are dropped and a note follows the heading; list shape: the note
 * follows the stage's own item, whose nested items stay open).
 */
export function tickChecklist(rendered: string, release: Release): string {
  const passed = new Set(passedStages(release));
  const skipped = new Set(skippedStages(release));
  const items = scanChecklist(rendered);
  const byLine = new Map(items.map((i) => [i.line, i]));
  const lines = rendered.split('\n');
  const out: string[] = [];
  const dropped = new Set<Stage>();
  const listShape = items.some((i) => i.isStageItem);
  let lineStart = 0;
  lines.forEach((line, n) => {
    const start = lineStart;
    lineStart += line.length + 1;
    const item = byLine.get(n);
    const heading = /^#{1,6}[ \t]*Stage[ \t]+([0-4])\b/i.exec(line);
    if (heading && !listShape && skipped.has(Number(heading[1]) as Stage)) {
      out.push(line, '', SKIPPED(release.process));
      dropped.add(Number(heading[1]) as Stage);
      return;
    }
    if (!item || item.stage === null) {
      out.push(line);
      return;
    }
    if (dropped.has(item.stage)) return;
    const at = item.boxAt - start;
    const boxed = `${line.slice(0, at)}${passed.has(item.stage) ? 'x' : ' '}${line.slice(at + 1)}`;
    out.push(item.isStageItem && skipped.has(item.stage) ? boxed.replace(/(\r?)$/, ` — ${SKIPPED(release.process)}$1`) : boxed);
  });
  return out.join('\n');
}

export interface ChecklistChange {
  readonly text: string;
  readonly stage: Stage;
  /** true: ticked; false: re-opened. */
  readonly ticked: boolean;
}

export interface MergedChecklist {
  readonly body: string;
  /** Keys of the stage items Stagehand has set ticked, after this merge. */
  readonly ticked: ReadonlySet<string>;
  /** The boxes this merge changed, in body order. */
  readonly changes: readonly ChecklistChange[];
}

/**
 * Bring the stage items of a live body to the wanted state, touching only what Stagehand owns: an item's box
 * is set when its wanted state (its stage passed or not) differs from what Stagehand last set it to (an item
 * it never set counts as unticked). A person's tick or untick therefore stays until the stage's state
 * changes again. Items outside any stage are never touched.
 */
export function mergeChecklist(body: string, passed: ReadonlySet<Stage>, stagehandTicked: ReadonlySet<string>): MergedChecklist {
  const ticked = new Set<string>();
  const changes: ChecklistChange[] = [];
  let out = '';
  let from = 0;
  for (const item of scanChecklist(body)) {
    if (item.stage === null) continue;
    const want = passed.has(item.stage);
    const had = stagehandTicked.has(item.key);
    if (want) ticked.add(item.key);
    if (want === had || item.checked === want) continue;
    out += body.slice(from, item.boxAt) + (want ? 'x' : ' ');
    from = item.boxAt + 1;
    changes.push({ text: item.text, stage: item.stage, ticked: want });
  }
  return { body: out + body.slice(from), ticked, changes };
}

export interface ChecklistCount {
  readonly total: number;
  readonly ticked: number;
  /** Ticked boxes Stagehand did not tick (people's items, and stage items ticked early). */
  readonly tickedByPeople: number;
  /** Stage items Stagehand ticked that a person unticked. */
  readonly untickedByPeople: number;
}

export function countChecklist(body: string, stagehandTicked: ReadonlySet<string>): ChecklistCount {
  let total = 0;
  let ticked = 0;
  let tickedByPeople = 0;
  let untickedByPeople = 0;
  for (const item of scanChecklist(body)) {
    total++;
    const ours = item.stage !== null && stagehandTicked.has(item.key);
    if (item.checked) {
      ticked++;
      if (!ours) tickedByPeople++;
    } else if (ours) untickedByPeople++;
  }
  return { total, ticked, tickedByPeople, untickedByPeople };
}

/** Keys of the stage items ticked in a body Stagehand wrote itself (what it set when it opened the issue). */
export const tickedStageKeys = (body: string): Set<string> =>
  new Set(scanChecklist(body).filter((i) => i.stage !== null && i.checked).map((i) => i.key));

/**
 * The stages a body written by an older Stagehand shows as passed (every item of the stage ticked): how an
 * update queued before the shared-body change (a payload with a whole `body`) is merged instead of replacing.
 */
export function stagesTickedIn(body: string): Stage[] {
  const byStage = new Map<Stage, boolean>();
  for (const item of scanChecklist(body)) {
    if (item.stage === null) continue;
    byStage.set(item.stage, (byStage.get(item.stage) ?? true) && item.checked);
  }
  return [...byStage].filter(([, all]) => all).map(([stage]) => stage);
}
