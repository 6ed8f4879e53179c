import { DAY } from '../ground/clock.js';
import type { Stage } from './stages.js';
import type { ReleaseProcess } from './process.js';

/** When early testers' sign-off opens the 2→3 and 3→4 gates. */
export type SignoffRule =
  /** Every enrolled organisation answered ok or skip, and nobody has an open problem. */
  | { readonly kind: 'all' }
  /** At least `minOk` organisations answered ok, and nobody has an open problem. */
  | { readonly kind: 'quorum'; readonly minOk: number };

export interface ProcessPolicy {
  /** Expected time in each stage, per process; a stage without an entry has no expectation. */
  readonly expectedMs: Readonly<Record<ReleaseProcess, Partial<Record<Stage, number>>>>;
  /** Expected time of a stage already completed once, after a restart (never longer than the normal one). */
  readonly compressedMs: number;
  readonly signoff: SignoffRule;
}

export const DEFAULT_POLICY: ProcessPolicy = {
  expectedMs: {
    full: { 1: 7 * DAY, 2: 7 * DAY, 3: 7 * DAY },
    patch: { 1: 1 * DAY, 3: 2 * DAY },
  },
  compressedMs: 2 * DAY,
  signoff: { kind: 'all' },
};

export function expectedTime(
  policy: ProcessPolicy,
  process: ReleaseProcess,
  stage: Stage,
  completedBefore: boolean,
): number | null {
  const normal = policy.expectedMs[process][stage];
  if (normal === undefined) return null;
  return completedBefore ? Math.min(normal, policy.compressedMs) : normal;
}
