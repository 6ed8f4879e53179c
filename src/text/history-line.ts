import { stageLabel } from '../release/stages.js';
import type { Transition } from '../release/types.js';
import { formatVersion, rcTag } from '../release/version.js';

/** The history event a transition is recorded as: its kind, one line for `!release history`, and why. */
export function describeTransition(t: Transition): { kind: string; summary: string; reason: string | null } {
  const tag = rcTag(t.release.version, t.release.rc);
  const o = t.occurrence;
  switch (o.type) {
    case 'started':
      return { kind: 'started', summary: `started ${formatVersion(t.release.version)} (${t.release.kind} release, ${t.release.process} process) with ${tag} at ${stageLabel(0)}`, reason: null };
    case 'adopted':
      return {
        kind: 'adopted',
        summary: `adopted ${formatVersion(t.release.version)} in flight (${t.release.kind} release, ${t.release.process} process) at ${o.tag}, ${stageLabel(o.stage)}; its branch, RC tags and earlier stages' posts were made outside Stagehand`,
        reason: null,
      };
    case 'stage-entered':
      return {
        kind: o.stage === 4 ? 'released' : 'advanced',
        summary:
          (o.stage === 4 ? `released ${formatVersion(t.release.version)} from ${tag}` : `moved ${tag} from stage ${o.from} to ${stageLabel(o.stage)}`) +
          (o.override ? ` — gate overridden (was missing: ${o.override.missing})` : ''),
        reason: o.override?.reason ?? null,
      };
    case 'restarted':
      return { kind: 'restarted', summary: `restarted at stage 0 with ${tag} (was at stage ${o.fromStage})`, reason: o.reason };
    case 'aborted':
      return { kind: 'aborted', summary: `aborted ${formatVersion(t.release.version)} at stage ${o.fromStage}`, reason: o.reason };
  }
}
