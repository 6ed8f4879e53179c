/**
 * The six-week cadence: feature branch dates fall every N weeks from an anchor date, whatever happened to
 * earlier releases. Dates are calendar days (`YYYY-MM-DD`) so time zones and DST cannot shift them.
 */
import { DAY } from '../ground/clock.js';
import { formatDate } from '../ground/time-format.js';
import { expectedTime, type ProcessPolicy } from './policy.js';
import { stagePath, type Stage } from './stages.js';
import { currentVisit, type Release } from './types.js';

export interface Cadence {
  /** A branch day, `YYYY-MM-DD`. */
  readonly anchor: string;
  readonly everyWeeks: number;
  readonly timeZone: string;
}

/** Days since the epoch of a `YYYY-MM-DD` date, for counting days between dates. */
export const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY;
const dayString = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

/** The next `count` branch days on or after the day `now` falls on (in the cadence's time zone). */
export function nextBranchDates(cadence: Cadence, now: number, count: number): string[] {
  const period = cadence.everyWeeks * 7;
  const anchor = dayNumber(cadence.anchor);
  const today = dayNumber(formatDate(now, cadence.timeZone));
  const first = anchor + Math.max(0, Math.ceil((today - anchor) / period)) * period;
  return Array.from({ length: count }, (_, i) => dayString(first + i * period));
}

export interface ProjectedStage {
  readonly stage: Stage;
  readonly start: number;
  readonly end: number;
  /** True for the stage the release is in now. */
  readonly current: boolean;
}

/**
 * When each remaining stage would end if every stage took its expected time (a stage already over its
 * expected time is projected to end now). The release date is the start of stage 4.
 */
export function projectStages(release: Release, now: number, policy: ProcessPolicy): ProjectedStage[] {
  if (release.status !== 'active') return [];
  const path = stagePath(release.process);
  const visit = currentVisit(release);
  const currentExpected = visit.expectedMs ?? 0;
  let end = Math.max(now, visit.enteredAt + currentExpected);
  const projected: ProjectedStage[] = [{ stage: release.stage, start: visit.enteredAt, end, current: true }];
  for (const stage of path.slice(path.indexOf(release.stage) + 1)) {
    const start = end;
    const expected = stage === 4 ? 0 : expectedTime(policy, release.process, stage, release.completedStages.includes(stage)) ?? 0;
    end = start + expected;
    projected.push({ stage, start, end, current: false });
  }
  return projected;
}
