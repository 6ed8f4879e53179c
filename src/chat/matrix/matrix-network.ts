import type { MatrixConfig } from '../../config/chat-config.js';
import type { ChatNetwork, ChatNetworkDeps } from '../network.js';

// PLACEHOLDER: the Matrix engineer replaces this with the real adapter + publisher.
export function createMatrixNetwork(_config: MatrixConfig, _deps: ChatNetworkDeps): ChatNetwork {
  throw new Error('Matrix is not implemented yet');
}
