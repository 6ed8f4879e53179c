/**
 * The release process as a pure state machine: given a release, an input and the time, return the new
 * release and what happened — or a Failure that says why not. No I/O, no clock reads: the desk gathers
 * inputs, calls these, and commits the result with its effects in one transaction.
 */
import { fail, ok, type Result } from '../ground/result.js';
import type { GateVerdict } from './signoff.js';
import { expectedTime, type ProcessPolicy } from './policy.js';
import { defaultProcess, type ReleaseProcess } from './process.js';
import { nextStage, stageLabel, type Stage } from './stages.js';
import { currentVisit, type Override, type Release, type StageVisit, type Transition } from './types.js';
import {
  compareVersions,
  formatVersion,
  kindOf,
  sameLine,
  type Version,
} from './version.js';
import { formatDate } from '../ground/time-format.js';

export interface KnownRelease {
  readonly version: Version;
  readonly status: Release['status'];
  readonly stage: Stage;
  readonly endedAt: number | null;
}

interface Act {
  readonly actor: string;
  readonly now: number;
}

export function startRelease(
  version: Version,
  known: readonly KnownRelease[],
  act: Act,
  policy: ProcessPolicy,
  chosen?: ReleaseProcess,
): Result<Transition> {
  const refusal = refuseVersion(version, known);
  if (refusal !== null) return fail(refusal);
  const kind = kindOf(version);
  // The version rules above follow the kind; the path below follows the process, the lead's choice if given.
  const process = chosen ?? defaultProcess(kind);
  const release: Release = {
    version,
    kind,
    process,
    rc: 1,
    stage: 0,
    status: 'active',
    createdAt: act.now,
    createdBy: act.actor,
    endedAt: null,
    completedStages: [],
    visits: [visit(1, 0, act.now, expectedTime(policy, process, 0, false))],
    revision: 0,
  };
  return ok({ release, occurrence: { type: 'started' }, actor: act.actor, at: act.now });
}

/** Why `version` cannot be started, or null if it can. */
export function refuseVersion(version: Version, known: readonly KnownRelease[]): string | null {
  const name = formatVersion(version);
  const same = known.find((k) => compareVersions(k.version, version) === 0);
  if (same?.status === 'active') return `${name} is already in progress (stage ${same.stage}).`;
  if (same?.status === 'released') return `${name} was already released${on(same.endedAt)}.`;
  if (same?.status === 'aborted') {
    return `${name} was aborted${on(same.endedAt)}; its tags may already exist, so it cannot be reused. Start the next version instead.`;
  }
  const released = known.filter((k) => k.status === 'released').map((k) => k.version);
  const latestInLine = latest(released.filter((v) => sameLine(v, version)));
  if (latestInLine && compareVersions(version, latestInLine) <= 0) {
    return `${name} is not above ${formatVersion(latestInLine)}, the latest release of the ${version.major}.${version.minor} line.`;
  }
  if (version.patch > 0 && !latestInLine) {
    const unreleased = known.find((k) => sameLine(k.version, version) && k.version.patch === 0 && k.status === 'active');
    if (unreleased) {
      return `${name} would patch ${formatVersion(unreleased.version)}, which is still in progress (stage ${unreleased.stage}); a patch release builds on a released version.`;
    }
  }
  const newerActive = known.find((k) => k.status === 'active' && k.version.patch === 0 && version.patch === 0 && compareVersions(k.version, version) > 0);
  if (newerActive) {
    return `${name} is below ${formatVersion(newerActive.version)}, which is already in progress; a feature release must be newer.`;
  }
  const latestOverall = latest(released);
  if (latestOverall && !sameLine(latestOverall, version) && compareVersions(version, latestOverall) < 0) {
    return kindOf(version) === 'patch'
      ? `${name} would patch an older line: patches apply to the latest release (${formatVersion(latestOverall)}) only and are not backported.`
      : `${name} is below ${formatVersion(latestOverall)}, the latest release; a feature release must be newer.`;
  }
  // With no release known at all, Stagehand is being adopted mid-line: trust the lead.
  if (version.patch > 0 && !latestInLine && released.length > 0) {
    return `${name} would patch the ${version.major}.${version.minor} line, which has no release yet; a patch release builds on a released version (start with ${version.major}.${version.minor}.0).`;
  }
  return null;
}

export interface AdvanceInput extends Act {
  /** The gate out of the current stage, as judged from its inputs. */
  readonly gate: GateVerdict;
  /** A lead's reason for passing a closed gate. */
  readonly force: string | null;
}

export function advanceRelease(release: Release, input: AdvanceInput, policy: ProcessPolicy): Result<Transition> {
  const inactive = refuseInactive(release, 'advance');
  if (inactive) return fail(inactive);
  const to = nextStage(release.process, release.stage);
  if (to === undefined) return fail(`${formatVersion(release.version)} has no stage after ${release.stage}.`);
  let override: Override | null = null;
  if (!input.gate.open) {
    if (input.force === null) {
      return fail(
        `${formatVersion(release.version)} cannot leave ${stageLabel(release.stage)} yet: ${input.gate.missing.join('; ')}.`,
        'gate closed',
      );
    }
    override = { by: input.actor, reason: input.force, missing: input.gate.missing.join('; ') };
  }
  const completedStages = withStage(release.completedStages, release.stage);
  const released = to === 4;
  const entered = visit(release.rc, to, input.now, expectedTime(policy, release.process, to, completedStages.includes(to)));
  const next: Release = {
    ...release,
    stage: to,
    status: released ? 'released' : 'active',
    endedAt: released ? input.now : null,
    completedStages: released ? withStage(completedStages, 4) : completedStages,
    visits: [...closeCurrent(release, input.now, 'advanced', override), released ? { ...entered, leftAt: input.now } : entered],
  };
  return ok({
    release: next,
    occurrence: { type: 'stage-entered', from: release.stage, stage: to, override },
    actor: input.actor,
    at: input.now,
  });
}

/** A non-trivial fix landed: cut the next RC and go back to stage 0. */
export function restartRelease(release: Release, input: Act & { reason: string }, policy: ProcessPolicy): Result<Transition> {
  const inactive = refuseInactive(release, 'restart');
  if (inactive) return fail(inactive);
  const rc = release.rc + 1;
  const next: Release = {
    ...release,
    rc,
    stage: 0,
    visits: [
      ...closeCurrent(release, input.now, 'restarted', null),
      visit(rc, 0, input.now, expectedTime(policy, release.process, 0, release.completedStages.includes(0))),
    ],
  };
  return ok({
    release: next,
    occurrence: { type: 'restarted', fromStage: release.stage, reason: input.reason },
    actor: input.actor,
    at: input.now,
  });
}

export function abortRelease(release: Release, input: Act & { reason: string }): Result<Transition> {
  const inactive = refuseInactive(release, 'abort');
  if (inactive) return fail(inactive);
  const next: Release = {
    ...release,
    status: 'aborted',
    endedAt: input.now,
    visits: closeCurrent(release, input.now, 'aborted', null),
  };
  return ok({
    release: next,
    occurrence: {
      type: 'aborted',
      fromStage: release.stage,
      reason: input.reason,
      testersInvited: release.visits.some((v) => v.stage === 2 || v.stage === 3),
    },
    actor: input.actor,
    at: input.now,
  });
}

function refuseInactive(release: Release, verb: string): string | null {
  const name = formatVersion(release.version);
  if (release.status === 'released') return `${name} was already released${on(release.endedAt)}; there is nothing to ${verb}.`;
  if (release.status === 'aborted') return `${name} was aborted${on(release.endedAt)}; there is nothing to ${verb}.`;
  return null;
}

function closeCurrent(release: Release, now: number, exit: StageVisit['exit'], override: Override | null): StageVisit[] {
  const visits = [...release.visits];
  visits[visits.length - 1] = { ...currentVisit(release), leftAt: now, exit, override };
  return visits;
}

const visit = (rc: number, stage: Stage, enteredAt: number, expectedMs: number | null): StageVisit => ({
  rc,
  stage,
  enteredAt,
  leftAt: null,
  expectedMs,
  override: null,
  exit: null,
});

const withStage = (stages: readonly Stage[], stage: Stage): Stage[] =>
  stages.includes(stage) ? [...stages] : [...stages, stage].sort();

const latest = (versions: readonly Version[]): Version | undefined =>
  [...versions].sort(compareVersions)[versions.length - 1];

const on = (at: number | null): string => (at === null ? '' : ` on ${formatDate(at, 'UTC')}`);
