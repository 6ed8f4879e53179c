/**
 * Who is told what, and when — the go-ipfs communication plan as data:
 * - a new release: the release branch, the rc1 pre-release and the release issue with its checklist;
 * - every stage change: the release issue's checklist and a comment;
 * - stage 2: Matrix and IRC; stage 3: Matrix, IRC and Twitter;
 * - stage 4: everything, the final GitHub release and a blog-post draft;
 * - a restart: a pre-release for the new RC, and on Matrix and IRC if testers had the old RC;
 * - a release adopted in flight: only the release issue, which is found and adopted (never a second one),
 *   and at stage 2 or 3 the testers' poll of that stage;
 *   its branch, RC tags and the announcements of stages already passed exist, so nothing else is posted;
 * - an abort after testers were invited to any RC: Matrix and IRC, so they stop testing;
 * - entering stage 2 or 3 opens a poll for the RC in the testers' rooms on Matrix and IRC; leaving the
 *   stage (advance, restart, abort) closes it with the results. A new RC gets a fresh poll.
 */
import type { Destination } from '../ground/effects.js';
import type { TemplateName } from './template-names.js';
import type { Occurrence } from './types.js';

export type PlannedPost =
  | { readonly destination: Exclude<Destination, 'github' | 'blog'>; readonly announce: TemplateName }
  | {
      readonly destination: 'github';
      readonly github: 'create-branch' | 'create-prerelease' | 'open-issue' | 'update-issue' | 'create-release';
    }
  | { readonly destination: 'blog'; readonly blog: 'write-draft' }
  | { readonly destination: 'matrix' | 'irc'; readonly poll: 'poll-start' | 'poll-end' };

const polls = (what: 'poll-start' | 'poll-end'): PlannedPost[] => [
  { destination: 'matrix', poll: what },
  { destination: 'irc', poll: what },
];

/** Stages 2 and 3 hold a testers' poll. */
export const hasPoll = (stage: number): stage is 2 | 3 => stage === 2 || stage === 3;

/** The testers' poll of the stage being left, closed before anything else is said. */
function closing(occurrence: Occurrence): PlannedPost[] {
  if (occurrence.type === 'started' || occurrence.type === 'adopted') return [];
  const left = occurrence.type === 'stage-entered' ? occurrence.from : occurrence.fromStage;
  return hasPoll(left) ? polls('poll-end') : [];
}

const chat = (template: TemplateName): PlannedPost[] => [
  { destination: 'matrix', announce: template },
  { destination: 'irc', announce: template },
];

export function planFor(occurrence: Occurrence): PlannedPost[] {
  // Entering stage 2 or 3, or adopting a release that is there, opens the testers' poll.
  const opening = (occurrence.type === 'stage-entered' || occurrence.type === 'adopted') && hasPoll(occurrence.stage) ? polls('poll-start') : [];
  return [...closing(occurrence), ...plannedPosts(occurrence), ...opening];
}

function plannedPosts(occurrence: Occurrence): PlannedPost[] {
  switch (occurrence.type) {
    case 'started':
      return [
        { destination: 'github', github: 'create-branch' },
        { destination: 'github', github: 'create-prerelease' },
        { destination: 'github', github: 'open-issue' },
      ];
    case 'adopted':
      return [{ destination: 'github', github: 'open-issue' }];
    case 'restarted':
      return [
        ...(occurrence.fromStage === 2 || occurrence.fromStage === 3 ? chat('announce-restart') : []),
        { destination: 'github', github: 'create-prerelease' },
        { destination: 'github', github: 'update-issue' },
      ];
    case 'aborted':
      return [{ destination: 'github', github: 'update-issue' }, ...(occurrence.testersInvited ? chat('announce-abort') : [])];
    case 'stage-entered':
      switch (occurrence.stage) {
        case 2:
          return [...chat('announce-dev'), { destination: 'github', github: 'update-issue' }];
        case 3:
          return [
            ...chat('announce-prod'),
            { destination: 'twitter', announce: 'tweet-prod' },
            { destination: 'github', github: 'update-issue' },
          ];
        case 4:
          return [
            ...chat('announce-release'),
            { destination: 'twitter', announce: 'tweet-release' },
            { destination: 'github', github: 'create-release' },
            { destination: 'github', github: 'update-issue' },
            { destination: 'blog', blog: 'write-draft' },
          ];
        default:
          return [{ destination: 'github', github: 'update-issue' }];
      }
  }
}
