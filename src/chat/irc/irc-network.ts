import type { IrcConfig } from '../../config/chat-config.js';
import { readSecret } from '../../config/secret.js';
import type { ChatNetwork, ChatNetworkDeps } from '../network.js';
import { IrcAdapter } from './irc-adapter.js';
import { IrcConnection } from './irc-connection.js';
import { IrcPublisher } from './irc-publisher.js';
import type { MentionOf } from './irc-render.js';
import { SendQueue } from './send-queue.js';

/**
 * IRC for the app: one connection shared by the adapter (commands in, replies out) and the publisher
 * (posts out), and one send queue in front of it so that together they never exceed the configured rate.
 */
export function createIrcNetwork(config: IrcConfig, deps: ChatNetworkDeps): ChatNetwork {
  const { clock, log, roster, store } = deps;
  const saslPassword = config.sasl
    ? readSecret(deps.loaded, config.sasl.password, ['chat', 'irc', 'sasl', 'password'], deps.env ?? process.env)
    : null;
  const connection = new IrcConnection({ config, saslPassword, clock, log });
  const queue = new SendQueue({ clock, rate: config.sendRate, write: (line) => connection.write(line), ready: () => connection.registeredNow });
  connection.onReady(() => void queue.wake());
  connection.onDown(() => queue.abortAll('the IRC connection dropped'));

  const mentionOf: MentionOf = (personId) => {
    const account = roster.handleOf(personId, 'irc');
    return account === undefined ? undefined : (connection.accounts.nickOf(account) ?? account);
  };
  return {
    adapter: new IrcAdapter({ connection, queue, mentionOf, log }),
    publisher: new IrcPublisher({ config, connection, queue, sentLog: store.postLog, clock, mentionOf, log }),
    connected: () => connection.connected(),
  };
}
