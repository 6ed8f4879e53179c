/**
 * Taking over a release already in flight (RC tags and a release issue exist, no final tag): it becomes
 * an active release at its latest RC and the stage the lead names, as if Stagehand had run it so far.
 * Pure, like the engine: the desk finds the RC and commits the result.
 */
import { refuseVersion, type KnownRelease } from './engine.js';
import { expectedTime, type ProcessPolicy } from './policy.js';
import { defaultProcess, type ReleaseProcess } from './process.js';
import { stagePath, type Stage } from './stages.js';
import type { Release, Transition } from './types.js';
import { formatVersion, kindOf, rcTag, type Version } from './version.js';
import { fail, ok, type Result } from '../ground/result.js';

export interface AdoptInput {
  readonly version: Version;
  /** The latest RC tagged for the version. */
  readonly rc: number;
  readonly stage: Stage;
  readonly process?: ReleaseProcess;
  readonly actor: string;
  readonly now: number;
}

export function adoptRelease(input: AdoptInput, known: readonly KnownRelease[], policy: ProcessPolicy): Result<Transition> {
  const { version, rc, stage, actor, now } = input;
  const refusal = refuseVersion(version, known);
  if (refusal !== null) return fail(refusal);
  const kind = kindOf(version);
  const process = input.process ?? defaultProcess(kind);
  const path = stagePath(process);
  if (stage === 4) return fail(`Stage 4 is the release itself: adopt ${formatVersion(version)} at stage 3 and advance it, or let its final tag be imported.`);
  if (!path.includes(stage)) {
    return fail(`The ${process} process has no stage ${stage} (its stages: ${path.join(', ')}); pick one of those, or --process full.`);
  }
  const release: Release = {
    version,
    kind,
    process,
    rc,
    stage,
    status: 'active',
    createdAt: now,
    createdBy: actor,
    endedAt: null,
    // The stages before the one named were passed outside Stagehand; a restart compresses them as usual.
    completedStages: path.filter((s) => s < stage),
    visits: [{ rc, stage, enteredAt: now, leftAt: null, expectedMs: expectedTime(policy, process, stage, false), override: null, exit: null }],
    revision: 0,
  };
  return ok({ release, occurrence: { type: 'adopted', stage, tag: rcTag(version, rc) }, actor, at: now });
}
