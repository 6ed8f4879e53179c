import type { IrcConfig } from '../../config/chat-config.js';
import type { ChatNetwork, ChatNetworkDeps } from '../network.js';

// PLACEHOLDER: the IRC engineer replaces this with the real adapter + publisher.
export function createIrcNetwork(_config: IrcConfig, _deps: ChatNetworkDeps): ChatNetwork {
  throw new Error('IRC is not implemented yet');
}
