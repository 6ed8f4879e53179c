/**
 * Which path a release takes through the stages — its process — as distinct from its kind (what the
 * version is, by semver). The kind decides the version rules (a patch builds on the latest release of its
 * line, no backports); the process decides the stages, their expected times and the testers' polls.
 * By default a feature version takes the full process and a patch version the patch process, but a lead
 * may choose: go-ipfs 0.4.22, a patch number, went through the full process as a trial in 2019.
 */
import type { ReleaseKind } from './version.js';

export type ReleaseProcess = 'full' | 'patch';
export const PROCESSES: readonly ReleaseProcess[] = ['full', 'patch'];

export const defaultProcess = (kind: ReleaseKind): ReleaseProcess => (kind === 'patch' ? 'patch' : 'full');

/** `full` or `patch` as a lead types it, or undefined. */
export function parseProcess(text: string): ReleaseProcess | undefined {
  const word = text.trim().toLowerCase();
  return PROCESSES.find((p) => p === word);
}
