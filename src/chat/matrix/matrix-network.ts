import type { MatrixConfig } from '../../config/chat-config.js';
import { readSecret } from '../../config/secret.js';
import type { ChatNetwork, ChatNetworkDeps } from '../network.js';
import { MatrixAdapter } from './matrix-adapter.js';
import { MatrixPublisher } from './matrix-publisher.js';
import { RoomDirectory } from './rooms.js';
import { routeSdkLogs } from './sdk-log.js';
import { MessageSender } from './send.js';
import { SettingsStorage } from './settings-storage.js';
import { SyncingClient, type SyncLoopOptions } from './sync-client.js';

export interface MatrixTuning {
  /** Sync retry backoff (tests shorten it; the clock is manual there anyway). */
  readonly sync?: Pick<SyncLoopOptions, 'minBackoffMs' | 'maxBackoffMs'>;
  /** How many times one send waits out a rate limit before giving the effect back to the outbox. */
  readonly maxSendTries?: number;
}

/**
 * Matrix through matrix-bot-sdk: one client (access token from env or file, sync token in the SQLite
 * settings) shared by the adapter (commands in, replies out) and the publisher (posts out).
 */
export function createMatrixNetwork(config: MatrixConfig, deps: ChatNetworkDeps, tuning: MatrixTuning = {}): ChatNetwork {
  const { clock, log } = deps;
  const token = readSecret(deps.loaded, config.accessToken, ['chat', 'matrix', 'accessToken'], deps.env ?? process.env);
  routeSdkLogs(log.child({ part: 'matrix-sdk' }));
  const client = new SyncingClient(config.homeserverUrl, token, new SettingsStorage(deps.store.settings, undefined, (error) => deps.store.writes.failed(error, clock.now()) !== null), { clock, log, ...tuning.sync });
  const rooms = new RoomDirectory(config.rooms, client, log);
  const sender = new MessageSender(client, clock, log, tuning.maxSendTries);
  const adapter = new MatrixAdapter({ client, rooms, sender, roster: deps.roster, clock, log });
  const publisher = new MatrixPublisher({ client, rooms, sender, roster: deps.roster, matrixIdOf: adapter.matrixIdOf, log, polls: deps.store.polls, clock });
  return { adapter, publisher, connected: () => client.syncState === 'syncing' };
}
