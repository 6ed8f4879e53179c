import type { Reply } from '../../commands-kit/reply.js';
import type { Logger } from '../../log/logger.js';
import type { ChatAdapter, InboundMessage } from '../port.js';
import type { ChannelMessage, IrcConnection } from './irc-connection.js';
import { ircLines, privmsg, textBudget } from './irc-lines.js';
import { renderIrcReply, type MentionOf } from './irc-render.js';
import { SendAborted, type SendQueue } from './send-queue.js';

export interface IrcAdapterDeps {
  readonly connection: IrcConnection;
  readonly queue: SendQueue;
  readonly mentionOf: MentionOf;
  readonly log: Logger;
}

/**
 * IRC as a chat network: messages in the release and testers channels become InboundMessages whose handle
 * is the sender's services account (from the message's account-tag) or null; replies go back to the
 * channel, addressed to the asker, through the rate-limited send queue (queued, not awaited).
 */
export class IrcAdapter implements ChatAdapter {
  readonly network = 'irc' as const;
  /** Messages are handled one at a time, in the order they arrived, like the other networks. */
  private handling: Promise<void> = Promise.resolve();

  constructor(private readonly deps: IrcAdapterDeps) {}

  async start(onMessage: (message: InboundMessage) => Promise<void>): Promise<void> {
    await this.deps.connection.start((message) => {
      this.handling = this.handling.then(() => this.handle(message, onMessage));
    });
  }

  async reply(to: InboundMessage, reply: Reply): Promise<void> {
    const { connection, queue, mentionOf, log } = this.deps;
    // A reply is not kept for later: by the time the bot is back the asker has moved on (and can ask again).
    if (!connection.hasJoined(to.room)) {
      log.warn({ channel: to.room, to: to.displayName }, 'IRC reply not sent: not in the channel');
      return;
    }
    const text = renderIrcReply(reply, to.displayName, mentionOf).join('\n');
    const lines = ircLines(text, textBudget(connection.nick, to.room)).map((line) => privmsg(to.room, line));
    // Queued, not awaited: a long reply drains at the send rate, and the next command need not wait for it.
    queue.send(lines).catch((error: unknown) => {
      const written = error instanceof SendAborted ? error.linesWritten : undefined;
      log.warn({ channel: to.room, to: to.displayName, linesWritten: written, of: lines.length, err: error }, 'IRC reply not sent whole');
    });
  }

  async stop(): Promise<void> {
    this.deps.queue.abortAll('the bot is stopping');
    await this.deps.connection.stop();
  }

  private async handle(message: ChannelMessage, onMessage: (message: InboundMessage) => Promise<void>): Promise<void> {
    try {
      await onMessage({
        network: 'irc',
        room: message.channel,
        handle: message.account,
        displayName: message.nick,
        text: message.text,
        sentAt: message.sentAt,
      });
    } catch (error) {
      this.deps.log.error({ err: error, channel: message.channel }, 'handling an IRC message failed');
    }
  }
}
