/**
 * What the status page, the calendar and the JSON API show, read once from the desk per request: each
 * release's stages with actual and expected times, its current sign-off round, its last events, and the
 * cadence's next branch days. Times are epoch milliseconds here; the API writes them as ISO strings.
 */
import type { ReleaseDesk, SignoffMatrix, TesterRound } from '../desk/release-desk.js';
import { nextBranchDates, projectStages, type Cadence } from '../release/cadence.js';
import type { ProcessPolicy } from '../release/policy.js';
import { STAGE_NAMES, stagePath, STAGES, type Stage } from '../release/stages.js';
import type { Override, ReleaseStatus } from '../release/types.js';
import { formatVersion, rcTag, type ReleaseKind } from '../release/version.js';
import type { StoredRelease } from '../store/release-repo.js';

export type StageState = 'done' | 'current' | 'overdue' | 'upcoming' | 'skipped' | 'aborted' | 'not-reached';

export interface VisitReport {
  readonly rc: number;
  readonly enteredAt: number;
  /** Null while the release is in this stay. */
  readonly leftAt: number | null;
  /** When the stay was expected to end (null: the stage has no expected time). */
  readonly expectedEnd: number | null;
  readonly exit: 'advanced' | 'restarted' | 'aborted' | null;
  readonly override: Override | null;
}

export interface StageReport {
  readonly stage: Stage;
  readonly name: string;
  readonly state: StageState;
  readonly visits: readonly VisitReport[];
  /** For the current and later stages of an active release: when it would start and end at expected pace. */
  readonly projectedStart: number | null;
  readonly projectedEnd: number | null;
}

export interface SignoffReport {
  readonly tag: string;
  readonly environment: 'dev' | 'prod';
  readonly open: boolean;
  readonly missing: readonly string[];
  readonly orgs: readonly OrgAnswerReport[];
  /**
   * At stage 3, the same RC's dev answers (`passed`, with the lead's override if the dev gate was forced),
   * or `skipped` for a patch release; null at stage 2.
   */
  readonly dev: DevColumnReport | null;
}

export interface OrgAnswerReport {
  readonly org: string;
  readonly state: string;
  readonly by: string | null;
  readonly note: string | null;
  readonly at: number | null;
}

export type DevColumnReport =
  | { readonly kind: 'passed'; readonly orgs: readonly OrgAnswerReport[]; readonly override: { readonly by: string; readonly reason: string } | null }
  | { readonly kind: 'skipped' };

export interface EventReport {
  readonly at: number;
  readonly actor: string;
  readonly kind: string;
  readonly summary: string;
  readonly reason: string | null;
}

export interface ReleaseReport {
  readonly version: string;
  readonly kind: ReleaseKind;
  readonly status: ReleaseStatus;
  readonly rc: number;
  readonly tag: string;
  readonly stage: Stage;
  readonly stageName: string;
  readonly createdAt: number;
  readonly endedAt: number | null;
  /** Bumped by every change to the release. */
  readonly revision: number;
  /** The last time the release changed (a stage entered or left, the end). */
  readonly changedAt: number;
  /** Projected start of stage 4 for an active release; when it entered stage 4 for a released one. */
  readonly releaseAt: number | null;
  readonly restarts: number;
  readonly overrides: number;
  readonly stages: readonly StageReport[];
  readonly signoff: SignoffReport | null;
  /** Newest first. */
  readonly events: readonly EventReport[];
}

export interface StatusReport {
  readonly now: number;
  readonly timeZone: string;
  readonly project: { readonly name: string; readonly repo: string };
  readonly cadence: { readonly anchor: string; readonly everyWeeks: number };
  /** The next feature branch days (`YYYY-MM-DD`), soonest first. */
  readonly branchDates: readonly string[];
  /** The version the next feature branch cuts, when one is known. */
  readonly nextFeature: string | null;
  readonly active: readonly ReleaseReport[];
  /** Finished (released or aborted), most recent first. */
  readonly recent: readonly ReleaseReport[];
}

export interface ReportSources {
  readonly desk: ReleaseDesk;
  readonly now: () => number;
  readonly policy: ProcessPolicy;
  readonly cadence: Cadence;
  readonly project: { readonly name: string; readonly repo: string };
  readonly eventsShown?: number;
  readonly recentShown?: number;
  readonly branchDatesShown?: number;
}

export function buildStatusReport(sources: ReportSources): StatusReport {
  const { desk, cadence } = sources;
  const now = sources.now();
  const report = (release: StoredRelease): ReleaseReport => releaseReport(release, now, sources);
  const next = desk.nextFeatureVersion();
  return {
    now,
    timeZone: cadence.timeZone,
    project: { name: sources.project.name, repo: sources.project.repo },
    cadence: { anchor: cadence.anchor, everyWeeks: cadence.everyWeeks },
    branchDates: nextBranchDates(cadence, now, sources.branchDatesShown ?? 3),
    nextFeature: next ? formatVersion(next) : null,
    active: desk.active().map(report),
    recent: desk.recentlyEnded(sources.recentShown ?? 5).map(report),
  };
}

function releaseReport(release: StoredRelease, now: number, sources: ReportSources): ReleaseReport {
  const { desk, policy } = sources;
  const projected = projectStages(release, now, policy);
  const path = stagePath(release.process);
  const position = path.indexOf(release.stage);
  const visits = release.visits.map((v) => ({
    rc: v.rc,
    stage: v.stage,
    enteredAt: v.enteredAt,
    leftAt: v.leftAt,
    expectedEnd: v.expectedMs === null ? null : v.enteredAt + v.expectedMs,
    exit: v.exit,
    override: v.override,
  }));
  const stages = STAGES.map((stage): StageReport => {
    const own = visits.filter((v) => v.stage === stage).map(({ stage: _stage, ...rest }) => rest);
    const projection = projected.find((p) => p.stage === stage);
    return {
      stage,
      name: STAGE_NAMES[stage],
      state: stateOf(release, path.indexOf(stage), position, own, now),
      visits: own,
      projectedStart: projection?.start ?? null,
      projectedEnd: projection?.end ?? null,
    };
  });
  const changes = release.visits.flatMap((v) => [v.enteredAt, v.leftAt ?? 0]);
  const stage4 = release.visits.find((v) => v.stage === 4 && v.rc === release.rc);
  return {
    version: formatVersion(release.version),
    kind: release.kind,
    status: release.status,
    rc: release.rc,
    tag: rcTag(release.version, release.rc),
    stage: release.stage,
    stageName: STAGE_NAMES[release.stage],
    createdAt: release.createdAt,
    endedAt: release.endedAt,
    revision: release.revision,
    changedAt: Math.max(release.createdAt, release.endedAt ?? 0, ...changes),
    releaseAt: release.status === 'active' ? desk.projectedRelease(release) : release.status === 'released' ? (stage4?.enteredAt ?? release.endedAt) : null,
    restarts: release.visits.filter((v) => v.exit === 'restarted').length,
    overrides: release.visits.filter((v) => v.override !== null).length,
    stages,
    signoff: signoffReport(desk.signoffMatrix(release)),
    events: desk
      .history(release, sources.eventsShown ?? 8)
      .reverse()
      .map((e) => ({ at: e.at, actor: e.actor, kind: e.kind, summary: e.summary, reason: e.reason })),
  };
}

function stateOf(
  release: StoredRelease,
  index: number,
  position: number,
  visits: readonly VisitReport[],
  now: number,
): StageState {
  if (index === -1) return 'skipped';
  if (release.status === 'released') return 'done';
  if (release.status === 'aborted') {
    if (index < position) return 'done';
    return index === position ? 'aborted' : 'not-reached';
  }
  if (index < position) return 'done';
  if (index > position) return 'upcoming';
  const current = visits[visits.length - 1];
  return current?.expectedEnd != null && now > current.expectedEnd ? 'overdue' : 'current';
}

/** The sign-off table's data: the current round, and at stage 3 the same RC's dev round beside it. */
function signoffReport(matrix: SignoffMatrix | null): SignoffReport | null {
  if (matrix === null) return null;
  const round = matrix.current;
  const dev = matrix.dev;
  return {
    tag: rcTag(round.release.version, round.release.rc),
    environment: round.environment,
    open: round.verdict.open,
    missing: round.verdict.missing,
    orgs: orgAnswers(round),
    dev: round.environment === 'dev' ? null : dev.kind === 'passed' ? { kind: 'passed', orgs: orgAnswers(dev.round), override: dev.override } : dev.kind === 'skipped' ? { kind: 'skipped' } : null,
  };
}

const orgAnswers = (round: TesterRound): OrgAnswerReport[] =>
  round.signoff.map((o) => ({ org: o.org, state: o.state, by: o.decisive?.person ?? null, note: o.decisive?.note ?? null, at: o.decisive?.at ?? null }));

const TIME_KEYS = new Set(['now', 'createdAt', 'endedAt', 'changedAt', 'releaseAt', 'enteredAt', 'leftAt', 'expectedEnd', 'projectedStart', 'projectedEnd', 'at']);

/** The report as the JSON API serves it: the same shape, times as ISO 8601 UTC strings. */
export function reportJson(report: StatusReport): string {
  return JSON.stringify(
    report,
    (key, value: unknown) => (TIME_KEYS.has(key) && typeof value === 'number' ? new Date(value).toISOString() : value),
    2,
  );
}
