/**
 * The early testers' sign-off matrix for the current RC: every enrolled organisation × (dev, prod), with
 * the answer, who gave it, when and the note, then the gate of the current stage. One table, so it lines up
 * in plain text (shell, IRC) and becomes an HTML table on Matrix.
 */
import { line, table, type Block, type Inline } from '../commands-kit/reply.js';
import type { SignoffColumn, SignoffMatrix, TesterRound } from '../desk/release-desk.js';
import type { OrgSignoff } from '../release/signoff.js';
import type { TestEnvironment } from '../release/stages.js';
import { rcTag } from '../release/version.js';
import type { ViewContext } from './release-views.js';
import { formatDateTime } from '../ground/time-format.js';

const ENVIRONMENTS: readonly TestEnvironment[] = ['dev', 'prod'];
const STAGE_OF: Readonly<Record<TestEnvironment, number>> = { dev: 2, prod: 3 };

export function signoffMatrixBlocks(matrix: SignoffMatrix, view: ViewContext): Block[] {
  const { release, current } = matrix;
  const columns: Record<TestEnvironment, SignoffColumn> = { dev: matrix.dev, prod: matrix.prod };
  // One lookup per column instead of a search per cell: the matrix may hold hundreds of organisations.
  const byOrg = Object.fromEntries(ENVIRONMENTS.map((env) => [env, indexByOrg(columns[env])])) as Record<TestEnvironment, Map<string, OrgSignoff>>;
  const cellView = { ...view, when: sameSecondOnce(view.timeZone) };
  const rows = matrix.orgs.flatMap((org) =>
    ENVIRONMENTS.map((env, i) => {
      const who = i === 0 ? org.org : '';
      if (!org.environments.includes(env)) return [who, env, 'not enrolled', '', '', ''];
      return [who, env, ...cell(columns[env], byOrg[env].get(org.org), cellView)];
    }),
  );
  const blocks: Block[] = [
    line(`Early testers' sign-off for ${rcTag(release.version, release.rc)}, now in ${current.environment} testing (stage ${STAGE_OF[current.environment]}):`),
  ];
  blocks.push(rows.length > 0 ? table(['org', 'env', 'answer', 'by', 'when', 'note'], rows) : line('  (no organisation is enrolled as an early tester)'));
  const dev = columns.dev;
  if (dev.kind === 'passed' && dev.override) {
    blocks.push(line(`The dev gate of this RC was passed by ${view.nameOf(dev.override.by)} without every answer: ${dev.override.reason}`));
  }
  blocks.push(...gateBlocks(current));
  return blocks;
}

interface CellView extends ViewContext {
  readonly when: (at: number) => string;
}

/**
 * formatDateTime, once per second of answers: formatting is most of the matrix's cost with hundreds of
 * rows, and answers cluster (500 testers in 10 s are 10 distinct seconds). Lives for one rendering only.
 */
function sameSecondOnce(timeZone: string): (at: number) => string {
  const formatted = new Map<number, string>();
  return (at) => {
    const second = Math.floor(at / 1000);
    let text = formatted.get(second);
    if (text === undefined) formatted.set(second, (text = formatDateTime(at, timeZone)));
    return text;
  };
}

function indexByOrg(column: SignoffColumn): Map<string, OrgSignoff> {
  if (column.kind !== 'current' && column.kind !== 'passed') return new Map();
  return new Map(column.round.signoff.map((s) => [s.org, s]));
}

/** answer, by, when, note for one enrolled organisation in one environment. */
function cell(column: SignoffColumn, signoff: OrgSignoff | undefined, view: CellView): string[] {
  switch (column.kind) {
    case 'not-yet':
      return ['not yet', '', '', ''];
    case 'skipped':
      return ['skipped (patch)', '', '', ''];
    case 'current':
    case 'passed': {
      const now = column.kind === 'current';
      if (signoff === undefined || signoff.state === 'waiting' || signoff.decisive === null) return [now ? 'no answer yet' : 'no answer', '', '', ''];
      const d = signoff.decisive;
      // An open problem holds the current gate: say so in the cell, the gate line repeats the note.
      const answer = signoff.state === 'issue' && now ? 'issue (open)' : signoff.state;
      return [answer, view.nameOf(d.person), view.when(d.at), d.note ?? ''];
    }
  }
}

function gateBlocks(round: TesterRound): Block[] {
  const { verdict } = round;
  const waiting = round.signoff.filter((o) => o.state === 'waiting').map((o) => o.org);
  const gate: Inline[] = verdict.open ? [{ strong: 'Gate: open.' }] : [{ strong: 'Gate: closed' }, ` — ${verdict.missing.join('; ')}.`];
  const blocks: Block[] = [line(...gate)];
  // The gate line names who it waits for when the rule needs them; otherwise (a quorum reached, or only a
  // problem holding it) say who has still not answered, since their answer may still matter to the lead.
  const named = verdict.missing.some((m) => waiting.every((org) => m.includes(org)));
  if (waiting.length > 0 && !named) blocks.push(line(`Not answered yet (${round.environment}): ${waiting.join(', ')}.`));
  return blocks;
}
