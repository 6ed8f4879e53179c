/** The five stages of a release (0: automated testing … 4: release); the effect types name them. */
export type Stage = 0 | 1 | 2 | 3 | 4;
export const STAGES: readonly Stage[] = [0, 1, 2, 3, 4];
