import type { ReleaseProcess } from './process.js';

import { STAGES, type Stage } from '../ground/stage.js';

export { STAGES, type Stage } from '../ground/stage.js';

export const STAGE_NAMES: Readonly<Record<Stage, string>> = {
  0: 'automated testing',
  1: 'internal testing',
  2: 'community dev testing',
  3: 'community prod testing',
  4: 'release',
};

/** The early testers' environment asked at a stage: dev at stage 2, prod at stage 3. */
export type TestEnvironment = 'dev' | 'prod';

export function environmentOf(stage: Stage): TestEnvironment | undefined {
  if (stage === 2) return 'dev';
  if (stage === 3) return 'prod';
  return undefined;
}

/** The patch process skips community dev testing (stage 2); the full process passes through every stage. */
export function stagePath(process: ReleaseProcess): readonly Stage[] {
  return process === 'patch' ? [0, 1, 3, 4] : STAGES;
}

export function nextStage(process: ReleaseProcess, stage: Stage): Stage | undefined {
  const path = stagePath(process);
  return path[path.indexOf(stage) + 1];
}

export const stageLabel = (stage: Stage): string => `stage ${stage} (${STAGE_NAMES[stage]})`;
