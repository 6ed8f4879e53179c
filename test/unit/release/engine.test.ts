import { describe, it, expect } from 'vitest';
import {
  abortRelease,
  advanceRelease,
  refuseVersion,
  restartRelease,
  startRelease,
  type KnownRelease,
} from '../../../src/release/engine.js';
import { judgeGate, type GateInputs } from '../../../src/release/gates.js';
import { DEFAULT_POLICY, type ProcessPolicy } from '../../../src/release/policy.js';
import { enrolledFor, judgeSignoff, summariseSignoff, type GateVerdict, type TesterOrg } from '../../../src/release/signoff.js';
import type { Stage } from '../../../src/release/stages.js';
import { currentVisit, type Release, type Transition } from '../../../src/release/types.js';
import { parseVersion, releaseBranch, type Version } from '../../../src/release/version.js';
import type { Result } from '../../../src/ground/result.js';
import { DAY, HOUR } from '../../../src/ground/clock.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0); // Monday 2025-01-06 09:00 UTC
const OPEN: GateVerdict = { open: true, missing: [] };

function ver(text: string): Version {
  const parsed = parseVersion(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got: ${result.error.message}`);
  return result.value;
}

function refusal<T>(result: Result<T>): string {
  if (result.ok) throw new Error('expected a refusal');
  return result.error.message;
}

function start(version: string, now = T0, known: readonly KnownRelease[] = [], policy = DEFAULT_POLICY): Release {
  return value(startRelease(ver(version), known, { actor: 'lead', now }, policy)).release;
}

interface Step {
  readonly now: number;
  readonly gate?: GateVerdict;
  readonly force?: string | null;
  readonly actor?: string;
}

function advance(release: Release, step: Step, policy = DEFAULT_POLICY): Transition {
  return value(
    advanceRelease(release, { actor: step.actor ?? 'lead', now: step.now, gate: step.gate ?? OPEN, force: step.force ?? null }, policy),
  );
}

/** The gate out of the release's current stage, judged the way the desk does it. */
const gateOf = (release: Release, inputs: GateInputs): GateVerdict =>
  judgeGate(release.stage, releaseBranch(release.version), inputs);

/** Advance through open gates, a day apart, until `stage` is reached. */
function advanceTo(release: Release, stage: Stage, policy = DEFAULT_POLICY): Release {
  let current = release;
  while (current.stage !== stage) current = advance(current, { now: currentVisit(current).enteredAt + DAY }, policy).release;
  return current;
}

const known = (version: string, status: Release['status'], endedAt: number | null = null, stage: Stage = 0): KnownRelease => ({
  version: ver(version),
  status,
  stage,
  endedAt,
});

describe('startRelease', () => {
  it('starts a feature release at stage 0 with rc1 and no expected time', () => {
    const transition = value(startRelease(ver('v0.5.0'), [], { actor: 'alice', now: T0 }, DEFAULT_POLICY));
    expect(transition.occurrence).toEqual({ type: 'started' });
    expect(transition.actor).toBe('alice');
    expect(transition.at).toBe(T0);
    expect(transition.release).toEqual({
      version: { major: 0, minor: 5, patch: 0 },
      kind: 'feature',
      process: 'full',
      rc: 1,
      stage: 0,
      status: 'active',
      createdAt: T0,
      createdBy: 'alice',
      endedAt: null,
      completedStages: [],
      visits: [{ rc: 1, stage: 0, enteredAt: T0, leftAt: null, expectedMs: null, override: null, exit: null }],
      revision: 0,
    });
  });

  it('starts a patch release as kind patch', () => {
    const release = start('v0.5.1');
    expect(release.kind).toBe('patch');
    expect(release.stage).toBe(0);
  });

  it('refuses a version the rules refuse, with the same reason', () => {
    const list = [known('v0.5.0', 'active', null, 2)];
    const message = refusal(startRelease(ver('v0.5.0'), list, { actor: 'lead', now: T0 }, DEFAULT_POLICY));
    expect(message).toBe(refuseVersion(ver('v0.5.0'), list));
  });
});

describe('advanceRelease along the stage paths', () => {
  it('takes a feature release through 0→1→2→3→4 with 7 days expected at stages 1, 2 and 3', () => {
    let release = start('v0.5.0');
    const seen: Array<{ from: Stage; to: Stage; expected: number | null }> = [];
    for (let i = 1; i <= 4; i++) {
      const transition = advance(release, { now: T0 + i * DAY });
      if (transition.occurrence.type !== 'stage-entered') throw new Error('expected stage-entered');
      seen.push({ from: transition.occurrence.from, to: transition.occurrence.stage, expected: currentVisit(transition.release).expectedMs });
      release = transition.release;
    }
    expect(seen).toEqual([
      { from: 0, to: 1, expected: 7 * DAY },
      { from: 1, to: 2, expected: 7 * DAY },
      { from: 2, to: 3, expected: 7 * DAY },
      { from: 3, to: 4, expected: null },
    ]);
  });

  it('takes a patch release through 0→1→3→4, skipping stage 2, with 1 day at stage 1 and 2 days at stage 3', () => {
    let release = start('v0.5.1');
    const path: Stage[] = [release.stage];
    const expected: Array<number | null> = [currentVisit(release).expectedMs];
    for (let i = 1; i <= 3; i++) {
      release = advance(release, { now: T0 + i * DAY }).release;
      path.push(release.stage);
      expected.push(currentVisit(release).expectedMs);
    }
    expect(path).toEqual([0, 1, 3, 4]);
    expect(expected).toEqual([null, 1 * DAY, 2 * DAY, null]);
    expect(release.status).toBe('released');
  });

  it('closes the visit it leaves and opens one for the stage it enters', () => {
    const release = start('v0.5.0');
    const moved = advance(release, { now: T0 + 3 * HOUR }).release;
    expect(moved.visits).toEqual([
      { rc: 1, stage: 0, enteredAt: T0, leftAt: T0 + 3 * HOUR, expectedMs: null, override: null, exit: 'advanced' },
      { rc: 1, stage: 1, enteredAt: T0 + 3 * HOUR, leftAt: null, expectedMs: 7 * DAY, override: null, exit: null },
    ]);
    expect(moved.completedStages).toEqual([0]);
    expect(moved.status).toBe('active');
    expect(moved.endedAt).toBeNull();
  });

  it('marks the release released at stage 4, with endedAt and every stage of its path completed', () => {
    const atThree = advanceTo(start('v0.5.0'), 3);
    const releasedAt = T0 + 30 * DAY;
    const released = advance(atThree, { now: releasedAt }).release;
    expect(released.stage).toBe(4);
    expect(released.status).toBe('released');
    expect(released.endedAt).toBe(releasedAt);
    expect(released.completedStages).toEqual([0, 1, 2, 3, 4]);
    expect(currentVisit(released)).toMatchObject({ stage: 4, enteredAt: releasedAt, leftAt: releasedAt });
  });

  it('records the completed stages of a patch release without stage 2', () => {
    const released = advanceTo(start('v0.5.1'), 4);
    expect(released.status).toBe('released');
    expect(released.completedStages).toEqual([0, 1, 3, 4]);
    expect(released.visits.map((v) => v.stage)).toEqual([0, 1, 3, 4]);
  });

  it('does not change the release it is given', () => {
    const release = start('v0.5.0');
    const copy = structuredClone(release);
    advance(release, { now: T0 + DAY });
    restartRelease(release, { actor: 'lead', now: T0 + DAY, reason: 'fix' }, DEFAULT_POLICY);
    abortRelease(release, { actor: 'lead', now: T0 + DAY, reason: 'no' });
    expect(release).toEqual(copy);
  });
});

describe('gates', () => {
  const at0 = (): Release => start('v0.5.0');

  it('refuses to leave stage 0 while CI fails, naming the branch and the failing checks', () => {
    const release = at0();
    const gate = gateOf(release, { ci: { state: 'failing', failing: ['gotest', 'sharness'] } });
    const result = advanceRelease(release, { actor: 'lead', now: T0 + DAY, gate, force: null }, DEFAULT_POLICY);
    expect(refusal(result)).toBe(
      'v0.5.0 cannot leave stage 0 (automated testing) yet: CI is failing on release-v0.5.0: gotest, sharness.',
    );
  });

  it('refuses to leave stage 0 while CI is still running, naming the running checks', () => {
    const gate = gateOf(at0(), { ci: { state: 'pending', running: ['interop'] } });
    expect(refusal(advanceRelease(at0(), { actor: 'lead', now: T0, gate, force: null }, DEFAULT_POLICY))).toContain(
      'CI is still running on release-v0.5.0: interop',
    );
  });

  it('refuses to leave stage 0 when CI is unknown or cannot be read', () => {
    const unknown = gateOf(at0(), { ci: { state: 'unknown', reason: 'no workflow runs for the branch' } });
    expect(unknown).toEqual({ open: false, missing: ['CI status of release-v0.5.0 is unknown: no workflow runs for the branch'] });
    expect(refusal(advanceRelease(at0(), { actor: 'lead', now: T0, gate: unknown, force: null }, DEFAULT_POLICY))).toContain(
      'is unknown: no workflow runs for the branch',
    );
    expect(gateOf(at0(), {})).toEqual({ open: false, missing: ['CI status of release-v0.5.0 could not be read'] });
  });

  it('lists failing checks without a trailing colon when CI names none', () => {
    expect(gateOf(at0(), { ci: { state: 'failing', failing: [] } }).missing).toEqual(['CI is failing on release-v0.5.0']);
  });

  it('opens stage 0 on green CI, stage 1 on the lead’s word alone', () => {
    expect(gateOf(at0(), { ci: { state: 'green' } })).toEqual(OPEN);
    const atOne = advanceTo(at0(), 1);
    expect(gateOf(atOne, {})).toEqual(OPEN);
    expect(judgeGate(4, 'release-v0.5.0', {})).toEqual(OPEN);
  });

  it('refuses to leave a tester stage until the sign-off is in', () => {
    const orgs: TesterOrg[] = [
      { org: 'acme', people: ['ann'], environments: ['dev', 'prod'] },
      { org: 'globex', people: ['gus'], environments: ['dev'] },
    ];
    const atTwo = advanceTo(at0(), 2);
    const signoff = judgeSignoff(DEFAULT_POLICY.signoff, summariseSignoff(enrolledFor(orgs, 'dev'), []));
    const gate = gateOf(atTwo, { signoff });
    expect(gate.open).toBe(false);
    expect(refusal(advanceRelease(atTwo, { actor: 'lead', now: T0 + 20 * DAY, gate, force: null }, DEFAULT_POLICY))).toBe(
      'v0.5.0 cannot leave stage 2 (community dev testing) yet: waiting for acme, globex.',
    );
  });

  it('treats an unreadable sign-off as a closed gate', () => {
    const atThree = advanceTo(at0(), 3);
    expect(gateOf(atThree, {})).toEqual({ open: false, missing: ['the testers’ sign-off could not be read'] });
  });

  it('marks a closed-gate refusal with the detail "gate closed"', () => {
    const gate = gateOf(at0(), { ci: { state: 'pending', running: [] } });
    const result = advanceRelease(at0(), { actor: 'lead', now: T0, gate, force: null }, DEFAULT_POLICY);
    expect(result.ok ? null : result.error.detail).toBe('gate closed');
  });
});

describe('overriding a closed gate with --force', () => {
  it('records who overrode it, why, and what was missing on the visit it leaves', () => {
    const release = start('v0.5.0');
    const gate: GateVerdict = { open: false, missing: ['CI is failing on release-v0.5.0: sharness', 'CI is still running on release-v0.5.0: interop'] };
    const transition = advance(release, { now: T0 + DAY, gate, force: 'sharness is flaky, tracked in #123', actor: 'alice' });
    const override = {
      by: 'alice',
      reason: 'sharness is flaky, tracked in #123',
      missing: 'CI is failing on release-v0.5.0: sharness; CI is still running on release-v0.5.0: interop',
    };
    expect(transition.release.stage).toBe(1);
    expect(transition.release.visits[0]).toMatchObject({ stage: 0, exit: 'advanced', override });
    expect(currentVisit(transition.release).override).toBeNull();
    expect(transition.occurrence).toEqual({ type: 'stage-entered', from: 0, stage: 1, override });
  });

  it('records no override when the gate was open anyway', () => {
    const transition = advance(start('v0.5.0'), { now: T0 + DAY, gate: OPEN, force: 'just in case' });
    expect(transition.release.visits[0]?.override).toBeNull();
    expect(transition.occurrence).toMatchObject({ type: 'stage-entered', override: null });
  });

  it('can release over a missing sign-off, recording the override on the stage 3 visit', () => {
    const atThree = advanceTo(start('v0.5.1'), 3);
    const gate: GateVerdict = { open: false, missing: ['waiting for acme'] };
    const released = advance(atThree, { now: T0 + 10 * DAY, gate, force: 'acme is on holiday', actor: 'bob' }).release;
    expect(released.status).toBe('released');
    const stageThree = released.visits.find((v) => v.stage === 3);
    expect(stageThree?.override).toEqual({ by: 'bob', reason: 'acme is on holiday', missing: 'waiting for acme' });
  });
});

describe('restartRelease', () => {
  const restart = (release: Release, now: number, reason = 'a fix landed'): Transition =>
    value(restartRelease(release, { actor: 'lead', now, reason }, DEFAULT_POLICY));

  it('cuts rc2 and returns to stage 0 from stage 2, keeping what was completed', () => {
    const atTwo = advanceTo(start('v0.5.0'), 2);
    const now = T0 + 10 * DAY;
    const transition = restart(atTwo, now, 'fix for a data race');
    const release = transition.release;
    expect(transition.occurrence).toEqual({ type: 'restarted', fromStage: 2, reason: 'fix for a data race' });
    expect(release).toMatchObject({ rc: 2, stage: 0, status: 'active', endedAt: null, completedStages: [0, 1] });
    expect(release.visits.at(-2)).toMatchObject({ rc: 1, stage: 2, leftAt: now, exit: 'restarted', override: null });
    expect(currentVisit(release)).toEqual({ rc: 2, stage: 0, enteredAt: now, leftAt: null, expectedMs: null, override: null, exit: null });
  });

  it('compresses stages completed once to 2 days, and keeps the normal time for stages never completed', () => {
    const restarted = restart(advanceTo(start('v0.5.0'), 2), T0 + 10 * DAY).release;
    const atOne = advance(restarted, { now: T0 + 11 * DAY }).release;
    expect(currentVisit(atOne)).toMatchObject({ rc: 2, stage: 1, expectedMs: 2 * DAY });
    const atTwo = advance(atOne, { now: T0 + 12 * DAY }).release;
    expect(currentVisit(atTwo)).toMatchObject({ rc: 2, stage: 2, expectedMs: 7 * DAY });
    const atThree = advance(atTwo, { now: T0 + 13 * DAY }).release;
    expect(currentVisit(atThree)).toMatchObject({ rc: 2, stage: 3, expectedMs: 7 * DAY });
  });

  it('never makes a compressed stage longer than its normal time: a patch’s stage 1 stays 1 day', () => {
    const atThree = advanceTo(start('v0.5.1'), 3);
    const restarted = restart(atThree, T0 + 5 * DAY).release;
    expect(restarted.completedStages).toEqual([0, 1]);
    const atOne = advance(restarted, { now: T0 + 6 * DAY }).release;
    expect(currentVisit(atOne).expectedMs).toBe(1 * DAY);
    const again = advance(atOne, { now: T0 + 7 * DAY }).release;
    expect(again.stage).toBe(3);
    expect(currentVisit(again).expectedMs).toBe(2 * DAY);
  });

  it('uses the policy’s compressed time, capped at each stage’s normal time', () => {
    const policy: ProcessPolicy = { ...DEFAULT_POLICY, compressedMs: 3 * DAY };
    const feature = restart(advanceTo(start('v0.6.0', T0, [], policy), 2, policy), T0 + 9 * DAY).release;
    expect(currentVisit(advance(feature, { now: T0 + 10 * DAY }, policy).release).expectedMs).toBe(3 * DAY);
    const patch = restart(advanceTo(start('v0.6.1', T0, [], policy), 3, policy), T0 + 9 * DAY).release;
    expect(currentVisit(advance(patch, { now: T0 + 10 * DAY }, policy).release).expectedMs).toBe(1 * DAY);
  });

  it('counts RCs up across several restarts, and a restart at stage 0 completes nothing', () => {
    const first = restart(start('v0.5.0'), T0 + HOUR).release;
    expect(first).toMatchObject({ rc: 2, stage: 0, completedStages: [] });
    const second = restart(first, T0 + 2 * HOUR).release;
    expect(second.rc).toBe(3);
    expect(second.visits.map((v) => [v.rc, v.stage, v.exit])).toEqual([
      [1, 0, 'restarted'],
      [2, 0, 'restarted'],
      [3, 0, null],
    ]);
  });

  it('does not forget a stage completed in an earlier RC when a later RC restarts earlier', () => {
    const rc2 = restart(advanceTo(start('v0.5.0'), 3), T0 + 10 * DAY).release;
    expect(rc2.completedStages).toEqual([0, 1, 2]);
    const rc3 = restart(advance(rc2, { now: T0 + 11 * DAY }).release, T0 + 12 * DAY).release;
    expect(rc3).toMatchObject({ rc: 3, stage: 0, completedStages: [0, 1, 2] });
  });
});

describe('abortRelease', () => {
  it('remembers that testers had an earlier RC, even when aborted at stage 0 after a restart', () => {
    const atTwo = advanceTo(start('v0.5.0'), 2);
    const restarted = value(restartRelease(atTwo, { actor: 'carol', now: T0 + DAY, reason: 'fix' }, DEFAULT_POLICY)).release;
    const aborted = value(abortRelease(restarted, { actor: 'carol', now: T0 + 2 * DAY, reason: 'superseded' }));
    expect(aborted.occurrence).toMatchObject({ fromStage: 0, testersInvited: true });
    const early = value(abortRelease(start('v0.6.0'), { actor: 'carol', now: T0, reason: 'superseded' }));
    expect(early.occurrence).toMatchObject({ fromStage: 0, testersInvited: false });
  });

  it('ends the release as aborted and closes the current visit', () => {
    const atTwo = advanceTo(start('v0.5.0'), 2);
    const now = T0 + 12 * DAY;
    const transition = value(abortRelease(atTwo, { actor: 'carol', now, reason: 'superseded by v0.6.0' }));
    expect(transition.occurrence).toEqual({ type: 'aborted', fromStage: 2, reason: 'superseded by v0.6.0', testersInvited: true });
    expect(transition.actor).toBe('carol');
    expect(transition.release).toMatchObject({ status: 'aborted', endedAt: now, stage: 2, rc: 1 });
    expect(currentVisit(transition.release)).toMatchObject({ stage: 2, leftAt: now, exit: 'aborted' });
  });
});

describe('acting on a finished release', () => {
  const releasedOn = Date.UTC(2025, 1, 3, 12, 0);
  const released = (): Release => {
    const atThree = advanceTo(start('v0.5.0'), 3);
    return advance(atThree, { now: releasedOn }).release;
  };
  const aborted = (): Release => value(abortRelease(start('v0.5.0'), { actor: 'lead', now: releasedOn, reason: 'no' })).release;
  const act = { actor: 'lead', now: releasedOn + DAY };

  it('refuses to advance, restart or abort a released release', () => {
    expect(refusal(advanceRelease(released(), { ...act, gate: OPEN, force: null }, DEFAULT_POLICY))).toBe(
      'v0.5.0 was already released on 2025-02-03; there is nothing to advance.',
    );
    expect(refusal(restartRelease(released(), { ...act, reason: 'r' }, DEFAULT_POLICY))).toBe(
      'v0.5.0 was already released on 2025-02-03; there is nothing to restart.',
    );
    expect(refusal(abortRelease(released(), { ...act, reason: 'r' }))).toBe(
      'v0.5.0 was already released on 2025-02-03; there is nothing to abort.',
    );
  });

  it('refuses to advance, restart or abort an aborted release, even with --force', () => {
    expect(refusal(advanceRelease(aborted(), { ...act, gate: OPEN, force: 'please' }, DEFAULT_POLICY))).toBe(
      'v0.5.0 was aborted on 2025-02-03; there is nothing to advance.',
    );
    expect(refusal(restartRelease(aborted(), { ...act, reason: 'r' }, DEFAULT_POLICY))).toContain('there is nothing to restart');
    expect(refusal(abortRelease(aborted(), { ...act, reason: 'r' }))).toContain('there is nothing to abort');
  });
});

describe('refuseVersion', () => {
  const day = Date.UTC(2025, 0, 20, 15, 0);

  it('accepts any version when nothing is known', () => {
    expect(refuseVersion(ver('v0.5.0'), [])).toBeNull();
    expect(refuseVersion(ver('v0.5.3'), [])).toBeNull();
  });

  it('refuses a version already in progress, naming its stage', () => {
    expect(refuseVersion(ver('0.5.0'), [known('v0.5.0', 'active', null, 2)])).toBe('v0.5.0 is already in progress (stage 2).');
  });

  it('refuses a version already released, with the date', () => {
    expect(refuseVersion(ver('v0.5.0'), [known('v0.5.0', 'released', day, 4)])).toBe('v0.5.0 was already released on 2025-01-20.');
  });

  it('refuses to reuse an aborted version because its tags may exist', () => {
    const message = refuseVersion(ver('v0.5.0'), [known('v0.5.0', 'aborted', day, 1)]);
    expect(message).toContain('v0.5.0 was aborted on 2025-01-20');
    expect(message).toContain('cannot be reused');
    expect(message).toContain('Start the next version instead.');
  });

  it('refuses a version not above the latest release of its line', () => {
    const list = [known('v0.5.0', 'released', day), known('v0.5.2', 'released', day)];
    expect(refuseVersion(ver('v0.5.1'), list)).toBe('v0.5.1 is not above v0.5.2, the latest release of the 0.5 line.');
    expect(refuseVersion(ver('v0.5.3'), list)).toBeNull();
  });

  it('refuses a feature release below the latest release', () => {
    const list = [known('v0.5.0', 'released', day), known('v0.6.0', 'released', day)];
    expect(refuseVersion(ver('v0.4.0'), list)).toBe('v0.4.0 is below v0.6.0, the latest release; a feature release must be newer.');
  });

  it('refuses a patch on an older line as a backport', () => {
    const list = [known('v0.5.0', 'released', day), known('v0.5.1', 'released', day), known('v0.6.0', 'released', day)];
    expect(refuseVersion(ver('v0.5.2'), list)).toBe(
      'v0.5.2 would patch an older line: patches apply to the latest release (v0.6.0) only and are not backported.',
    );
  });

  it('accepts the next patch of the latest release and newer feature releases', () => {
    const list = [known('v0.5.0', 'released', day), known('v0.6.0', 'released', day), known('v0.6.1', 'released', day)];
    expect(refuseVersion(ver('v0.6.2'), list)).toBeNull();
    expect(refuseVersion(ver('v0.7.0'), list)).toBeNull();
    expect(refuseVersion(ver('v1.0.0'), list)).toBeNull();
  });

  it('compares numerically: v0.10.0 is above v0.9.0', () => {
    expect(refuseVersion(ver('v0.10.0'), [known('v0.9.0', 'released', day)])).toBeNull();
    expect(refuseVersion(ver('v0.9.1'), [known('v0.10.0', 'released', day)])).toContain('would patch an older line');
  });

  it('lets a patch of the latest release run beside a newer feature release in progress', () => {
    const list = [known('v0.6.0', 'released', day), known('v0.7.0', 'active', null, 2)];
    expect(refuseVersion(ver('v0.6.1'), list)).toBeNull();
  });

  it('does not count active or aborted releases as the latest release', () => {
    const list = [known('v0.5.0', 'released', day), known('v0.6.0', 'aborted', day), known('v0.8.0', 'active')];
    expect(refuseVersion(ver('v0.5.1'), list)).toBeNull();
    expect(refuseVersion(ver('v0.9.0'), list)).toBeNull();
  });

  it('refuses a feature release below one already in progress', () => {
    const list = [known('v0.5.0', 'released', day), known('v0.8.0', 'active')];
    expect(refuseVersion(ver('v0.7.0'), list)).toBe('v0.7.0 is below v0.8.0, which is already in progress; a feature release must be newer.');
  });

  it('refuses a patch of a line whose .0 release is still in progress', () => {
    const list = [known('v0.7.0', 'active')];
    expect(refuseVersion(ver('v0.7.1'), list)).toMatch(/would patch v0\.7\.0, which is still in progress/);
    // A line the bot has never seen may have been released before Stagehand was set up.
    expect(refuseVersion(ver('v0.4.23'), [])).toBeNull();
    // Once Stagehand knows releases, a patch of a line with none is a mistake.
    expect(refuseVersion(ver('v0.6.5'), [known('v0.5.0', 'released', day)])).toBe(
      'v0.6.5 would patch the 0.6 line, which has no release yet; a patch release builds on a released version (start with 0.6.0).',
    );
  });

  it('leaves the date out when the end time is unknown', () => {
    expect(refuseVersion(ver('v0.5.0'), [known('v0.5.0', 'released', null)])).toBe('v0.5.0 was already released.');
  });
});
