import type { Stage } from './stage.js';
import type { TesterAnswer } from './tester-answer.js';

/** Everything that leaves the bot is one of these, committed to the outbox before it is delivered. */
export const DESTINATIONS = ['matrix', 'irc', 'twitter', 'github', 'blog'] as const;
export type Destination = (typeof DESTINATIONS)[number];

/**
 * Which rooms/channels of a chat destination a post is for: `announce` (the public announcement rooms),
 * `release` (where the leads run the release), `testers` (where early testers are polled).
 * Destinations with a single target (Twitter, GitHub, the blog) ignore it.
 */
export type Audience = 'announce' | 'release' | 'testers';

export type EffectPayload =
  | {
      readonly action: 'announce';
      readonly text: string;
      /** Absent on rows written before audiences existed: those were announcements. */
      readonly audience?: Audience;
      /** Person ids (config `people` keys) to mention directly, e.g. the leads; rendered per network. */
      readonly mentions?: readonly string[];
    }
  | { readonly action: 'create-branch'; readonly branch: string; readonly from: string }
  | {
      readonly action: 'create-prerelease' | 'create-release';
      readonly tag: string;
      readonly branch: string;
      readonly title: string;
      readonly notes: string;
      /**
       * The newest release before this one (`v0.4.22`): the notes list the pull requests merged since it.
       * Absent on rows written before it existed, and null when no earlier release is known.
       */
      readonly previousTag?: string | null;
    }
  | {
      readonly action: 'open-issue';
      readonly version: string;
      readonly title: string;
      /** The body of a new issue; an existing issue (opened by a person) keeps its own. */
      readonly body: string;
      readonly labels: readonly string[];
      /** Absent on rows written before the issue was shared: the stage state is then read from `body`. */
      readonly checklist?: IssueChecklist;
    }
  | {
      readonly action: 'update-issue';
      readonly version: string;
      /** The title the issue is opened with, to find it and to name it in the dry run; absent on older rows. */
      readonly title?: string;
      readonly comment: string;
      readonly close: boolean;
      /** What Stagehand owns in the shared body; the publisher merges it into the body as it is on GitHub. */
      readonly checklist?: IssueChecklist;
      /**
       * Rows written before the issue was shared carried the whole body instead of `checklist`. They still
       * deliver: the stages fully ticked in it are merged like a `checklist`, the rest of it is not used.
       */
      readonly body?: string;
    }
  | { readonly action: 'write-draft'; readonly fileName: string; readonly markdown: string }
  | PollStart
  | PollEnd;

/** Stagehand's part of the shared release issue: which stages the current RC passed, and its status block. */
export interface IssueChecklist {
  readonly passed: readonly Stage[];
  /** The status block's markdown (without its markers). */
  readonly status: string;
}

/** The three answers of an early-tester poll; ids are what `!tested` takes and Matrix votes carry. */
export interface PollAnswer {
  readonly id: TesterAnswer;
  readonly text: string;
}

/**
 * A poll opened when an RC enters community testing (stage 2 or 3), in the testers' rooms (Matrix: a
 * native poll; IRC: a text asking for `!tested`). `text` is the whole message as plain text, used as the
 * fallback and by networks without polls.
 */
export interface PollStart {
  readonly action: 'poll-start';
  /** `v0.5.0` */
  readonly release: string;
  readonly rc: number;
  readonly stage: 2 | 3;
  readonly question: string;
  readonly answers: readonly PollAnswer[];
  /** Person ids of the enrolled organisations' people for this environment. */
  readonly mentions: readonly string[];
  readonly text: string;
}

/** The poll of a round closed (stage change, restart, abort); `text` is the result, computed at commit time. */
export interface PollEnd {
  readonly action: 'poll-end';
  readonly release: string;
  readonly rc: number;
  readonly stage: 2 | 3;
  /** The poll-start effect's key before fan-out (`v0.5.0-rc1/stage-2/matrix/poll-start`), to find its event. */
  readonly startKey: string;
  readonly text: string;
}

/** An effect as the desk plans it, before it is fanned out to each target of its destination. */
export interface EffectDraft {
  /** Stable identity of the effect; the idempotency key publishers check before re-sending. */
  readonly key: string;
  readonly destination: Destination;
  readonly payload: EffectPayload;
}

/** The outbox key of a draft's post to one target: the draft's key, plus `@target` where there are several. */
export const targetKey = (draftKey: string, target: string): string => (target ? `${draftKey}@${target}` : draftKey);

/** The draft's key an outbox effect was fanned out from (the inverse of targetKey). */
export function draftKeyOf(effect: Pick<OutboxEffect, 'key' | 'target'>): string {
  const suffix = `@${effect.target}`;
  return effect.target && effect.key.endsWith(suffix) ? effect.key.slice(0, -suffix.length) : effect.key;
}

/** An effect as the outbox holds it: one destination target, one delivery. */
export interface OutboxEffect extends EffectDraft {
  readonly id: number;
  /** Room, channel or account within the destination ('' where the destination has just one). */
  readonly target: string;
  readonly release: string | null;
  readonly attempts: number;
  readonly createdAt: number;
}

export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'dismissed';

/** The audience of a payload: announcements choose one, polls are for testers, the rest has one target. */
export function audienceOf(payload: EffectPayload): Audience {
  if (payload.action === 'poll-start' || payload.action === 'poll-end') return 'testers';
  return payload.action === 'announce' ? (payload.audience ?? 'announce') : 'announce';
}
