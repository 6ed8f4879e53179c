/**
 * Early-tester polls as Matrix events (MSC3381, the polls Element shows): the start event the bot sends,
 * the end event with the results, and reading a vote from a response event. Clients send the unstable
 * `org.matrix.msc3381.*` names; the stable `m.poll.*` names are read too, should they arrive.
 */
import type { PollEnd, PollStart } from '../../ground/effects.js';
import type { RoomEvent } from './inbound.js';

export const POLL_START_TYPE = 'org.matrix.msc3381.poll.start';
export const POLL_END_TYPE = 'org.matrix.msc3381.poll.end';
const POLL_RESPONSE_TYPES: ReadonlySet<string> = new Set(['org.matrix.msc3381.poll.response', 'm.poll.response']);
const TEXT = 'org.matrix.msc1767.text';

/** The poll start content: a disclosed single-choice poll, with the whole question as fallback text. */
export function pollStartContent(poll: PollStart, mentionedUserIds: readonly string[], keyField: Record<string, string>): Record<string, unknown> {
  const fallback = mentionedUserIds.length ? `${mentionedUserIds.join(', ')}: ${poll.text}` : poll.text;
  return {
    [POLL_START_TYPE]: {
      kind: 'org.matrix.msc3381.poll.disclosed',
      max_selections: 1,
      question: { [TEXT]: poll.question, body: poll.question },
      answers: poll.answers.map((a) => ({ id: a.id, [TEXT]: a.text })),
    },
    [TEXT]: fallback,
    body: fallback,
    'm.mentions': { user_ids: [...mentionedUserIds] },
    ...keyField,
  };
}

/** The poll end content, related to the start event, its text the results. */
export function pollEndContent(poll: PollEnd, startEventId: string, keyField: Record<string, string>): Record<string, unknown> {
  return {
    'm.relates_to': { rel_type: 'm.reference', event_id: startEventId },
    [POLL_END_TYPE]: {},
    [TEXT]: poll.text,
    body: poll.text,
    ...keyField,
  };
}

export interface PollVote {
  readonly pollEventId: string;
  /** The first selected answer id, as sent (may be one the poll does not have). */
  readonly answerId: string | null;
  readonly sender: string;
  readonly eventId: string;
  readonly sentAt: number;
}

/** A vote, if the event is a poll response related to a poll; null for anything else. */
export function voteOf(event: RoomEvent): PollVote | null {
  if (!event.type || !POLL_RESPONSE_TYPES.has(event.type) || !event.sender || !event.content) return null;
  const relation = event.content['m.relates_to'] as { rel_type?: unknown; event_id?: unknown } | undefined;
  if (relation?.rel_type !== 'm.reference' || typeof relation.event_id !== 'string') return null;
  const unstable = event.content['org.matrix.msc3381.poll.response'] as { answers?: unknown } | undefined;
  const stable = event.content['m.poll.response'] as { 'm.selections'?: unknown } | undefined;
  const selections = unstable?.answers ?? event.content['m.selections'] ?? stable?.['m.selections'];
  const first = Array.isArray(selections) ? selections[0] : undefined;
  return {
    pollEventId: relation.event_id,
    answerId: typeof first === 'string' ? first : null,
    sender: event.sender,
    eventId: event.event_id ?? '',
    sentAt: event.origin_server_ts ?? 0,
  };
}
