/**
 * The calendar feed a lead subscribes to: the cadence's feature branch days, and for each release its
 * stage ends and release day, projected while they are ahead and actual once they happened. UIDs name the
 * release and what the event is (`stage3-end.v0.5.0@stagehand`), so a new projection replaces the old one.
 */
import { HOUR } from '../ground/clock.js';
import { renderIcs, type IcsEvent } from './ics.js';
import type { ReleaseReport, StatusReport } from './release-report.js';

const DOMAIN = 'stagehand';
/** Zero-length events are hard to see in most calendar apps: a point in time gets half an hour. */
const MARK = HOUR / 2;

export function renderCalendar(report: StatusReport): string {
  const name = report.project.name;
  const releases = [...report.active, ...report.recent];
  const events: IcsEvent[] = [
    ...report.branchDates.map((date, i) => ({
      uid: `branch.${date}@${DOMAIN}`,
      sequence: 0,
      // Branch days follow from the cadence alone: they change only when its anchor does.
      lastModified: Date.parse(`${report.cadence.anchor}T00:00:00Z`),
      start: date,
      summary: `${name}: feature branch day${i === 0 && report.nextFeature ? ` (${report.nextFeature})` : ''}`,
      description: 'A new feature release branch is cut on the six-week cadence, whatever happened to earlier releases.',
      categories: ['branch'],
    })),
    ...releases.flatMap((release) => releaseEvents(release, name, report.now)),
  ];
  return renderIcs({ prodId: '-//Stagehand//Release calendar//EN', name: `${name} releases`, stamp: report.now, events });
}

function releaseEvents(release: ReleaseReport, project: string, now: number): IcsEvent[] {
  const { version } = release;
  // An overdue stage is projected to end "now", which moves: the feed changes at most hourly, and
  // LAST-MODIFIED/SEQUENCE move with it so clients take the new time.
  const floating = release.stages.some((s) => s.state === 'overdue');
  const lastModified = floating ? Math.max(release.changedAt, Math.floor(now / HOUR) * HOUR) : release.changedAt;
  const common = { sequence: sequenceOf(lastModified), lastModified };
  const events: IcsEvent[] = [];
  for (const stage of release.stages) {
    if (stage.stage === 4 || stage.state === 'skipped' || stage.state === 'not-reached') continue;
    const last = stage.visits[stage.visits.length - 1];
    const ended = stage.state === 'done' || stage.state === 'aborted' ? (last?.leftAt ?? null) : null;
    const at = ended ?? (stage.projectedEnd === null ? null : floating && stage.state === 'overdue' ? ceilHour(stage.projectedEnd) : stage.projectedEnd);
    if (at === null) continue;
    const what = `${project} ${version}: stage ${stage.stage} (${stage.name})`;
    events.push({
      ...common,
      uid: `stage${stage.stage}-end.${version}@${DOMAIN}`,
      start: at,
      end: at + MARK,
      summary: ended !== null ? `${what} ended` : `${what} ends (projected)`,
      description: ended !== null ? `Left stage ${stage.stage} with ${release.tag}.` : `Projected at the expected pace; ${release.tag} is in stage ${release.stage} (${release.stageName}).`,
      status: ended !== null ? 'CONFIRMED' : 'TENTATIVE',
      categories: ['stage'],
    });
  }
  const releaseAt = release.releaseAt ?? (release.status === 'aborted' ? release.endedAt : null);
  if (releaseAt !== null) {
    const summary =
      release.status === 'released' ? `${project} ${version} released` : release.status === 'aborted' ? `${project} ${version} aborted` : `${project} ${version} release (projected)`;
    events.push({
      ...common,
      uid: `release.${version}@${DOMAIN}`,
      start: releaseAt,
      end: releaseAt + MARK,
      summary,
      description: release.status === 'active' ? `Projected at the expected pace from ${release.tag} in stage ${release.stage}.` : `${release.tag}`,
      status: release.status === 'released' ? 'CONFIRMED' : release.status === 'aborted' ? 'CANCELLED' : 'TENTATIVE',
      categories: ['release'],
    });
  }
  return events;
}

/** Minutes since 2019-01-01: grows with every change, so a later version of an event always wins. */
const SEQUENCE_EPOCH = Date.parse('2019-01-01T00:00:00Z');
const sequenceOf = (lastModified: number): number => Math.max(0, Math.floor((lastModified - SEQUENCE_EPOCH) / 60_000));
const ceilHour = (at: number): number => Math.ceil(at / HOUR) * HOUR;
