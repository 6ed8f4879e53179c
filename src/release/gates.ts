import type { GateVerdict } from './signoff.js';
import type { Stage } from './stages.js';

/** The release branch's CI as the gate sees it. */
export type CiStatus =
  | { readonly state: 'green' }
  | { readonly state: 'pending'; readonly running: readonly string[] }
  | { readonly state: 'failing'; readonly failing: readonly string[] }
  | { readonly state: 'unknown'; readonly reason: string };

/** What each gate looks at, gathered by the desk before the engine decides. */
export interface GateInputs {
  readonly ci?: CiStatus;
  readonly signoff?: GateVerdict;
}

/** Which input the gate out of `stage` needs. */
export function gateNeeds(stage: Stage): 'ci' | 'signoff' | 'nothing' {
  if (stage === 0) return 'ci';
  if (stage === 2 || stage === 3) return 'signoff';
  return 'nothing';
}

/**
 * 0→1: CI green on the release branch; 1→next: the lead's word (always open);
 * 2→3 and 3→4: the early testers' sign-off for the current RC and stage.
 */
export function judgeGate(stage: Stage, branch: string, inputs: GateInputs): GateVerdict {
  switch (gateNeeds(stage)) {
    case 'nothing':
      return { open: true, missing: [] };
    case 'ci':
      return judgeCi(branch, inputs.ci);
    case 'signoff':
      return inputs.signoff ?? { open: false, missing: ['the testers’ sign-off could not be read'] };
  }
}

function judgeCi(branch: string, ci: CiStatus | undefined): GateVerdict {
  if (ci === undefined) return { open: false, missing: [`CI status of ${branch} could not be read`] };
  switch (ci.state) {
    case 'green':
      return { open: true, missing: [] };
    case 'pending':
      return { open: false, missing: [`CI is still running on ${branch}${list(ci.running)}`] };
    case 'failing':
      return { open: false, missing: [`CI is failing on ${branch}${list(ci.failing)}`] };
    case 'unknown':
      return { open: false, missing: [`CI status of ${branch} is unknown: ${ci.reason}`] };
  }
}

const list = (names: readonly string[]): string => (names.length > 0 ? `: ${names.join(', ')}` : '');
