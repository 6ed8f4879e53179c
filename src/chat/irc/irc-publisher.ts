import type { IrcConfig } from '../../config/chat-config.js';
import type { Logger } from '../../log/logger.js';
import type { Audience, OutboxEffect } from '../../ground/effects.js';
import type { DeliveryOutcome, Publisher } from '../../publish/publisher.js';
import type { Clock } from '../../ground/clock.js';
import type { PostLog } from '../../store/post-log.js';
import type { IrcConnection } from './irc-connection.js';
import { ircLines, privmsg, textBudget } from './irc-lines.js';
import { renderIrcAnnouncement, type MentionOf } from './irc-render.js';
import { SendAborted, type SendQueue } from './send-queue.js';

/** While the bot is not in the channel, ask the outbox worker to come back after at least this long. */
const NOT_CONNECTED_RETRY_MS = 5_000;

export interface IrcPublisherDeps {
  readonly config: IrcConfig;
  readonly connection: IrcConnection;
  readonly queue: SendQueue;
  /** The sent-log: the store's post log (post_log), keyed by effect key. */
  readonly sentLog: PostLog;
  readonly clock: Clock;
  readonly mentionOf: MentionOf;
  readonly log: Logger;
}

/**
 * Posts announcements and notices to IRC channels.
 *
 * IRC keeps no history the bot could search after a crash to see whether a post went out. So the effect's
 * key is written to the sent-log in the store just before the post's first line is written to the socket,
 * and a key found there counts as delivered. A crash between that record and the write (or a connection
 * that dies with the lines in its buffer) can lose a post; nothing can make it appear twice.
 */
export class IrcPublisher implements Publisher {
  readonly destination = 'irc' as const;

  constructor(private readonly deps: IrcPublisherDeps) {}

  targets(audience: Audience): readonly string[] {
    return this.deps.config.channels[audience];
  }

  async deliver(effect: OutboxEffect): Promise<DeliveryOutcome> {
    const { connection, queue, sentLog, clock, mentionOf, log } = this.deps;
    const { payload, key, target } = effect;
    // A poll is text on IRC: testers answer it with !tested, identified by their services account.
    if (payload.action !== 'announce' && payload.action !== 'poll-start' && payload.action !== 'poll-end') {
      return { kind: 'failed', reason: `IRC posts announcements and polls only, not ${payload.action}` };
    }
    if (sentLog.has(key)) return { kind: 'delivered', already: true };
    // Queued before the configuration changed: waiting would never help.
    if (!connection.isConfigured(target)) return { kind: 'failed', reason: `${target} is no longer a configured IRC channel` };
    if (!connection.hasJoined(target)) {
      return { kind: 'retry', reason: connection.registeredNow ? `not in ${target} yet` : 'not connected to IRC', afterMs: NOT_CONNECTED_RETRY_MS };
    }
    const text = renderIrcAnnouncement(payload.text, payload.action === 'poll-end' ? [] : (payload.mentions ?? []), mentionOf);
    const lines = ircLines(text, textBudget(connection.nick, target));
    try {
      const outcome = await queue.send(
        lines.map((line) => privmsg(target, line)),
        { beforeFirstLine: () => sentLog.record(key, 'irc', target, clock.now(), lines.join('\n')) },
      );
      return outcome === 'skipped' ? { kind: 'delivered', already: true } : { kind: 'delivered' };
    } catch (error) {
      if (!(error instanceof SendAborted)) throw error;
      // Not started: nothing reached the wire, so it is safe to try again.
      if (!sentLog.has(key)) return { kind: 'retry', reason: error.message, afterMs: NOT_CONNECTED_RETRY_MS };
      // Started: sending the rest again would need sending it all again, and never twice wins over whole.
      log.error({ key, channel: target, linesWritten: error.linesWritten, of: lines.length, reason: error.message }, 'IRC post cut short by a disconnect; its remaining lines are lost');
      return { kind: 'delivered' };
    }
  }
}
