/**
 * Every network module, loaded eagerly: tests build apps synchronously with whatever config they test,
 * while main.ts loads only what its config needs (src/network-modules.ts).
 */
import * as irc from '../../src/chat/irc/irc-network.js';
import * as matrix from '../../src/chat/matrix/matrix-network.js';
import * as live from '../../src/live-parts.js';
import * as metrics from '../../src/ops/metrics.js';
import type { NetworkModules } from '../../src/network-modules.js';

export const ALL_NETWORK_MODULES: NetworkModules = { matrix, irc, live, metrics };
