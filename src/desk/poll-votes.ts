/**
 * Counting a vote cast on a Matrix poll: it becomes the voter's `!tested` answer for the poll's round, if
 * the poll is one of ours, the answer is one the poll offered, the poll was still open when the vote was
 * sent, its round is still the release's current one, and the voter is an enrolled early tester. Anyone
 * else is told once per poll why their vote does not count; the other cases are ignored quietly (a client
 * re-sending an old vote, a poll someone else made).
 */
import type { Logger } from '../log/logger.js';
import type { Roster } from '../people/roster.js';
import { TESTER_ANSWERS, type TesterAnswer } from '../release/signoff.js';
import { parseVersion, rcTag } from '../release/version.js';
import type { PollRepo } from '../store/poll-repo.js';
import type { ReleaseDesk } from './release-desk.js';

/** A vote on one of the bot's polls (Matrix); the sink counts it and may return an explanation to send. */
export interface InboundVote {
  /** The room the vote was sent in: it counts only in the poll's own room. */
  readonly roomId: string;
  readonly pollEventId: string;
  readonly answerId: string | null;
  readonly sender: string;
  readonly sentAt: number;
}
export type VoteSink = (vote: InboundVote) => Promise<string | null>;

export type VoteOutcome =
  | { readonly kind: 'recorded'; readonly answer: TesterAnswer }
  | { readonly kind: 'ignored'; readonly why: string }
  /** Not counted, and the voter should hear why (`explain` is null when they were told already). */
  | { readonly kind: 'refused'; readonly why: string; readonly explain: string | null };

const ANSWERS: ReadonlySet<string> = new Set<TesterAnswer>(TESTER_ANSWERS);

export interface VoteCounterDeps {
  readonly polls: PollRepo;
  readonly desk: ReleaseDesk;
  readonly roster: Roster;
}

export function countVote(deps: VoteCounterDeps, vote: InboundVote): VoteOutcome {
  const poll = deps.polls.byEvent(vote.pollEventId);
  // A relation to our poll's event id from another room is not a vote on it.
  if (!poll || poll.roomId !== vote.roomId) return { kind: 'ignored', why: 'not a poll of this bot in this room' };
  if (vote.answerId === null || !ANSWERS.has(vote.answerId)) return { kind: 'ignored', why: `unknown answer ${vote.answerId ?? '(none)'}` };
  if (poll.endedAt !== null && vote.sentAt > poll.endedAt) return { kind: 'ignored', why: 'sent after the poll ended' };
  const version = parseVersion(poll.release);
  const release = version.ok ? deps.desk.find(version.value) : undefined;
  if (!version.ok || !release || release.status !== 'active' || release.rc !== poll.rc || release.stage !== poll.stage) {
    return { kind: 'ignored', why: 'the poll’s round is over' };
  }
  const person = deps.roster.identify('matrix', vote.sender, vote.sender);
  const tag = rcTag(release.version, release.rc);
  const refuse = (why: string): VoteOutcome => ({
    kind: 'refused',
    why,
    explain: deps.polls.firstExplanation(poll.eventId, vote.sender) ? why : null,
  });
  if (person.org === null) {
    return refuse(`your vote on the ${tag} poll is not counted: only enrolled early testers answer for their organisation. A lead can enrol you in the config.`);
  }
  const answer = vote.answerId as TesterAnswer;
  const recorded = deps.desk.answer(version.value, person, answer, null, vote.sentAt);
  if (!recorded.ok) return refuse(`your vote on the ${tag} poll is not counted: ${recorded.error.message}`);
  return { kind: 'recorded', answer };
}

/** The sink the Matrix adapter hands votes to: counts each, logs what was not counted, returns what to say. */
export function voteSink(deps: VoteCounterDeps, log: Logger): VoteSink {
  return async (vote) => {
    const outcome = countVote(deps, vote);
    if (outcome.kind === 'recorded') log.info({ poll: vote.pollEventId, sender: vote.sender, answer: outcome.answer }, 'poll vote recorded');
    else log.info({ poll: vote.pollEventId, sender: vote.sender, why: outcome.why }, 'poll vote not counted');
    return outcome.kind === 'refused' ? outcome.explain : null;
  };
}
