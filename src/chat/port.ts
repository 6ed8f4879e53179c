import type { Reply } from '../commands-kit/reply.js';
import type { Network } from '../people/roster.js';

/** A message as an adapter hands it over: the sender already identified by a verified handle. */
export interface InboundMessage {
  readonly network: Network;
  /** Room or channel it arrived in. */
  readonly room: string;
  /**
   * The verified handle: shell name, Matrix user id, IRC services account.
   * Null when the network cannot vouch for the sender (an IRC user not logged in to services).
   */
  readonly handle: string | null;
  /** What to call the sender if the roster does not know them (a nick, a display name). */
  readonly displayName: string;
  readonly text: string;
  /** When the network says it was sent (epoch ms). */
  readonly sentAt: number;
}

import type { VoteSink } from '../desk/poll-votes.js';

export type { InboundVote, VoteSink } from '../desk/poll-votes.js';

/**
 * The port every chat network implements (shell now; Matrix and IRC plug in here). An adapter turns
 * network events into InboundMessages and renders Replies in its network's format; it knows nothing of
 * releases or commands.
 */
export interface ChatAdapter {
  readonly network: Network;
  /** Connect and start passing messages to `onMessage`; resolves once listening. */
  start(onMessage: (message: InboundMessage) => Promise<void>, onVote?: VoteSink): Promise<void>;
  reply(to: InboundMessage, reply: Reply): Promise<void>;
  stop(): Promise<void>;
}
