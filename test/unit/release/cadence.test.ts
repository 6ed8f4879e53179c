import { describe, it, expect } from 'vitest';
import { nextBranchDates, projectStages, type Cadence, type ProjectedStage } from '../../../src/release/cadence.js';
import { abortRelease, advanceRelease, restartRelease, startRelease } from '../../../src/release/engine.js';
import { DEFAULT_POLICY } from '../../../src/release/policy.js';
import type { Stage } from '../../../src/release/stages.js';
import type { Release } from '../../../src/release/types.js';
import { parseVersion } from '../../../src/release/version.js';
import type { Result } from '../../../src/ground/result.js';
import { DAY, HOUR } from '../../../src/ground/clock.js';

const at = (iso: string): number => Date.parse(iso);

const cadence = (timeZone = 'UTC', anchor = '2025-01-07'): Cadence => ({ anchor, everyWeeks: 6, timeZone });

describe('nextBranchDates', () => {
  it('starts at the anchor when it is still ahead, then every six weeks', () => {
    expect(nextBranchDates(cadence(), at('2024-12-20T12:00:00Z'), 4)).toEqual(['2025-01-07', '2025-02-18', '2025-04-01', '2025-05-13']);
  });

  it('includes the anchor day itself, at any hour of it', () => {
    expect(nextBranchDates(cadence(), at('2025-01-07T00:00:00Z'), 2)).toEqual(['2025-01-07', '2025-02-18']);
    expect(nextBranchDates(cadence(), at('2025-01-07T23:59:59Z'), 1)).toEqual(['2025-01-07']);
  });

  it('moves to the next date the day after a branch day', () => {
    expect(nextBranchDates(cadence(), at('2025-01-08T00:00:00Z'), 2)).toEqual(['2025-02-18', '2025-04-01']);
  });

  it('keeps to the anchor’s rhythm whatever happened since: dates depend only on the anchor and today', () => {
    // Many cycles later, say after releases slipped by weeks: still anchor + k * 42 days.
    expect(nextBranchDates(cadence(), at('2025-06-01T08:00:00Z'), 3)).toEqual(['2025-06-24', '2025-08-05', '2025-09-16']);
    expect(nextBranchDates(cadence(), at('2025-06-24T08:00:00Z'), 1)).toEqual(['2025-06-24']);
    expect(nextBranchDates(cadence(), at('2025-06-25T08:00:00Z'), 1)).toEqual(['2025-08-05']);
  });

  it('gives calendar days, unshifted by a daylight-saving change in between', () => {
    const ny = cadence('America/New_York', '2025-02-25');
    // 2025-03-09 is the US switch to summer time.
    expect(nextBranchDates(ny, at('2025-02-26T15:00:00Z'), 2)).toEqual(['2025-04-08', '2025-05-20']);
  });

  it('reads "today" in the cadence’s time zone: late evening UTC is already tomorrow in Tokyo', () => {
    const lateOnAnchorDay = at('2025-01-07T20:00:00Z'); // 2025-01-08 05:00 in Tokyo
    expect(nextBranchDates(cadence('UTC'), lateOnAnchorDay, 1)).toEqual(['2025-01-07']);
    expect(nextBranchDates(cadence('Asia/Tokyo'), lateOnAnchorDay, 1)).toEqual(['2025-02-18']);
  });

  it('reads "today" in the cadence’s time zone: early morning UTC is still yesterday in Los Angeles', () => {
    const earlyAfterAnchorDay = at('2025-01-08T03:00:00Z'); // 2025-01-07 19:00 in Los Angeles
    expect(nextBranchDates(cadence('UTC'), earlyAfterAnchorDay, 1)).toEqual(['2025-02-18']);
    expect(nextBranchDates(cadence('America/Los_Angeles'), earlyAfterAnchorDay, 1)).toEqual(['2025-01-07']);
  });

  it('honours another period and an empty count', () => {
    expect(nextBranchDates({ anchor: '2025-01-07', everyWeeks: 2, timeZone: 'UTC' }, at('2025-01-10T00:00:00Z'), 2)).toEqual([
      '2025-01-21',
      '2025-02-04',
    ]);
    expect(nextBranchDates(cadence(), at('2025-01-10T00:00:00Z'), 0)).toEqual([]);
  });
});

describe('projectStages', () => {
  const T0 = at('2025-01-06T09:00:00Z');

  function value<T>(result: Result<T>): T {
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  function start(version: string, now = T0): Release {
    const parsed = parseVersion(version);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return value(startRelease(parsed.value, [], { actor: 'lead', now }, DEFAULT_POLICY)).release;
  }

  const advance = (release: Release, now: number): Release =>
    value(advanceRelease(release, { actor: 'lead', now, gate: { open: true, missing: [] }, force: null }, DEFAULT_POLICY)).release;

  /** Stages with start and end as offsets from `origin`, in days. */
  const inDays = (stages: readonly ProjectedStage[], origin: number): Array<[Stage, number, number, boolean]> =>
    stages.map((s) => [s.stage, (s.start - origin) / DAY, (s.end - origin) / DAY, s.current]);

  it('projects a feature release at stage 1 with 7 days for each of stages 1, 2 and 3', () => {
    const atOne = advance(start('v0.5.0'), T0);
    const projected = projectStages(atOne, T0 + DAY, DEFAULT_POLICY);
    expect(inDays(projected, T0)).toEqual([
      [1, 0, 7, true],
      [2, 7, 14, false],
      [3, 14, 21, false],
      [4, 21, 21, false],
    ]);
  });

  it('ends stage 0, which has no expected time, now', () => {
    const now = T0 + 5 * HOUR;
    const projected = projectStages(start('v0.5.0'), now, DEFAULT_POLICY);
    expect(projected[0]).toEqual({ stage: 0, start: T0, end: now, current: true });
    expect(inDays(projected, now).slice(1)).toEqual([
      [1, 0, 7, false],
      [2, 7, 14, false],
      [3, 14, 21, false],
      [4, 21, 21, false],
    ]);
  });

  it('projects a stage already over its expected time to end now, and the rest from now', () => {
    const atOne = advance(start('v0.5.0'), T0);
    const now = T0 + 10 * DAY;
    const projected = projectStages(atOne, now, DEFAULT_POLICY);
    expect(projected[0]).toEqual({ stage: 1, start: T0, end: now, current: true });
    expect(projected.find((s) => s.stage === 4)?.start).toBe(now + 14 * DAY);
  });

  it('skips stage 2 for a patch release: 1 day at stage 1, 2 days at stage 3', () => {
    const projected = projectStages(start('v0.5.1'), T0, DEFAULT_POLICY);
    expect(inDays(projected, T0)).toEqual([
      [0, 0, 0, true],
      [1, 0, 1, false],
      [3, 1, 3, false],
      [4, 3, 3, false],
    ]);
  });

  it('projects only what is left from the current stage', () => {
    let release = start('v0.5.1');
    release = advance(release, T0 + HOUR);
    release = advance(release, T0 + DAY);
    expect(inDays(projectStages(release, T0 + DAY, DEFAULT_POLICY), T0 + DAY)).toEqual([
      [3, 0, 2, true],
      [4, 2, 2, false],
    ]);
  });

  it('compresses stages completed once after a restart, and not the ones never completed', () => {
    let release = start('v0.5.0');
    release = advance(release, T0 + HOUR); // stage 1
    release = advance(release, T0 + 7 * DAY); // stage 2
    const restartedAt = T0 + 9 * DAY;
    release = value(restartRelease(release, { actor: 'lead', now: restartedAt, reason: 'fix' }, DEFAULT_POLICY)).release;
    expect(inDays(projectStages(release, restartedAt, DEFAULT_POLICY), restartedAt)).toEqual([
      [0, 0, 0, true],
      [1, 0, 2, false],
      [2, 2, 9, false],
      [3, 9, 16, false],
      [4, 16, 16, false],
    ]);
  });

  it('uses the compressed time a stage was entered with after a restart', () => {
    let release = start('v0.5.0');
    release = advance(release, T0 + HOUR);
    release = advance(release, T0 + 7 * DAY);
    release = value(restartRelease(release, { actor: 'lead', now: T0 + 9 * DAY, reason: 'fix' }, DEFAULT_POLICY)).release;
    release = advance(release, T0 + 10 * DAY); // rc2 at stage 1, compressed to 2 days
    expect(projectStages(release, T0 + 10 * DAY, DEFAULT_POLICY)[0]).toEqual({
      stage: 1,
      start: T0 + 10 * DAY,
      end: T0 + 12 * DAY,
      current: true,
    });
  });

  it('projects nothing for a finished release', () => {
    let release = start('v0.5.1');
    for (let i = 1; i <= 3; i++) release = advance(release, T0 + i * DAY);
    expect(release.status).toBe('released');
    expect(projectStages(release, T0 + 4 * DAY, DEFAULT_POLICY)).toEqual([]);
    const aborted = value(abortRelease(start('v0.6.0'), { actor: 'lead', now: T0, reason: 'no' })).release;
    expect(projectStages(aborted, T0, DEFAULT_POLICY)).toEqual([]);
  });
});
