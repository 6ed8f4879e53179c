import type { ReleaseProcess } from './process.js';
import type { Stage } from './stages.js';
import type { ReleaseKind, Version } from './version.js';

export type ReleaseStatus = 'active' | 'released' | 'aborted';

/** A gate passed by a lead's decision rather than by its rule. */
export interface Override {
  readonly by: string;
  readonly reason: string;
  /** What the gate was missing when it was overridden. */
  readonly missing: string;
}

/** One stay in one stage for one RC. */
export interface StageVisit {
  readonly rc: number;
  readonly stage: Stage;
  readonly enteredAt: number;
  readonly leftAt: number | null;
  /** Expected time in the stage when entered (null: no expectation). */
  readonly expectedMs: number | null;
  /** Set when the visit ended by moving on past a gate that a lead overrode. */
  readonly override: Override | null;
  /** How the visit ended. */
  readonly exit: 'advanced' | 'restarted' | 'aborted' | null;
}

export interface Release {
  readonly version: Version;
  /** What the version is (semver): decides the version rules and where the branch starts. */
  readonly kind: ReleaseKind;
  /** Which path it takes: decides the stages, expected times and polls. */
  readonly process: ReleaseProcess;
  readonly rc: number;
  readonly stage: Stage;
  readonly status: ReleaseStatus;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly endedAt: number | null;
  /** Stages completed at least once (across RCs); they are compressed after a restart. */
  readonly completedStages: readonly Stage[];
  /** Every stay in a stage, oldest first; the last one is the current stage. */
  readonly visits: readonly StageVisit[];
  /** Bumped on every change; the store refuses a write based on a stale revision. */
  readonly revision: number;
}

/** What happened, as the communication plan and the history see it. */
export type Occurrence =
  | { readonly type: 'started' }
  /** Taken over in flight at `stage`, at its latest RC `tag`: everything before was done outside Stagehand. */
  | { readonly type: 'adopted'; readonly stage: Stage; readonly tag: string }
  | { readonly type: 'stage-entered'; readonly from: Stage; readonly stage: Stage; readonly override: Override | null }
  | { readonly type: 'restarted'; readonly fromStage: Stage; readonly reason: string }
  /** `testersInvited`: some RC of this release reached community testing, so testers must hear it stopped. */
  | { readonly type: 'aborted'; readonly fromStage: Stage; readonly reason: string; readonly testersInvited: boolean };

export interface Transition {
  readonly release: Release;
  readonly occurrence: Occurrence;
  readonly actor: string;
  readonly at: number;
}

export const currentVisit = (release: Release): StageVisit => {
  const visit = release.visits[release.visits.length - 1];
  if (visit === undefined) throw new Error('a release always has a current stage visit');
  return visit;
};
