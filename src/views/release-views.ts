/** Reply blocks that several commands share: a release's status line, its overrides, the sign-off table. */
import { line, list, table, type Block } from '../commands-kit/reply.js';
import type { TesterRound } from '../desk/release-desk.js';
import type { StoredRelease } from '../store/release-repo.js';
import { defaultProcess } from '../release/process.js';
import { STAGE_NAMES } from '../release/stages.js';
import { currentVisit } from '../release/types.js';
import { formatVersion, rcTag } from '../release/version.js';
import { formatDate, formatDateTime, formatDuration } from '../ground/time-format.js';

export interface ViewContext {
  readonly now: number;
  readonly timeZone: string;
  readonly nameOf: (personId: string) => string;
}

/** `feature release`; `patch release, full process` when the lead chose a process other than the kind's default. */
export const kindAndProcess = (release: Pick<StoredRelease, 'kind' | 'process'>): string =>
  release.process === defaultProcess(release.kind) ? `${release.kind} release` : `${release.kind} release, ${release.process} process`;

export function releaseHeadline(release: StoredRelease, view: ViewContext): Block {
  const version = formatVersion(release.version);
  if (release.status !== 'active') {
    const when = release.endedAt === null ? '' : ` on ${formatDate(release.endedAt, view.timeZone)}`;
    return line({ strong: version }, ` — ${kindAndProcess(release)}, ${release.status}${when} (last RC rc${release.rc})`);
  }
  const visit = currentVisit(release);
  const inStage = view.now - visit.enteredAt;
  const expected = visit.expectedMs === null ? 'no expected time' : `expected ${formatDuration(visit.expectedMs)}`;
  const late = visit.expectedMs !== null && inStage > visit.expectedMs ? ' — overdue' : '';
  return line(
    { strong: rcTag(release.version, release.rc) },
    ` — ${kindAndProcess(release)}, stage ${release.stage} (${STAGE_NAMES[release.stage]}) for ${formatDuration(inStage)}, ${expected}${late}`,
  );
}

/** Gates a lead overrode, and restarts: the things a reader of the status must not miss. */
export function releaseMarks(release: StoredRelease, view: ViewContext): Block[] {
  const marks = release.visits.flatMap((v) => {
    const out: string[] = [];
    if (v.override) {
      out.push(`rc${v.rc}: gate out of stage ${v.stage} overridden by ${view.nameOf(v.override.by)} on ${formatDate(v.leftAt ?? 0, view.timeZone)}: ${v.override.reason} (was missing: ${v.override.missing})`);
    }
    if (v.exit === 'restarted') out.push(`rc${v.rc}: restarted at stage ${v.stage} on ${formatDate(v.leftAt ?? 0, view.timeZone)}`);
    return out;
  });
  return marks.length === 0 ? [] : [list(marks.map((m) => [m]))];
}

export function signoffBlocks(round: TesterRound, view: ViewContext): Block[] {
  const tag = rcTag(round.release.version, round.release.rc);
  const rows = round.signoff.map((org) => {
    const d = org.decisive;
    return [
      org.org,
      org.state === 'waiting' ? 'no answer yet' : org.state,
      d ? view.nameOf(d.person) : '',
      d ? formatDateTime(d.at, view.timeZone) : '',
      d?.note ?? '',
    ];
  });
  const waiting = round.signoff.filter((o) => o.state === 'waiting').map((o) => o.org);
  const blocks: Block[] = [line(`Early testers, ${round.environment} testing of ${tag}:`)];
  blocks.push(rows.length > 0 ? table(['org', 'answer', 'by', 'when', 'note'], rows) : line('  (no organisation is enrolled for this stage)'));
  blocks.push(
    line(
      round.verdict.open ? 'Gate: open.' : `Gate: closed — ${round.verdict.missing.join('; ')}.`,
      // A closed gate already names who it waits for.
      round.verdict.open && waiting.length > 0 ? ` Not answered: ${waiting.join(', ')}.` : '',
    ),
  );
  return blocks;
}
