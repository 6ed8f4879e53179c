import type { LoadedConfig } from '../config/load.js';
import type { Logger } from '../log/logger.js';
import type { Roster } from '../people/roster.js';
import type { Publisher } from '../publish/publisher.js';
import type { Clock } from '../ground/clock.js';
import type { Store } from '../store/store.js';
import type { ChatAdapter } from './port.js';

/**
 * One chat network as the app sees it: the adapter that brings commands in and replies, and the publisher
 * that posts announcements and notices out through the same connection.
 */
export interface ChatNetwork {
  readonly adapter: ChatAdapter;
  readonly publisher: Publisher;
  /** Whether the connection is up now (health checks, metrics). */
  connected(): boolean;
}

/** What a network factory gets from the composition root. */
export interface ChatNetworkDeps {
  readonly loaded: LoadedConfig;
  /** The data directory: a network keeps its own state (Matrix sync token) in a file under it. */
  readonly dataDir: string;
  readonly log: Logger;
  readonly clock: Clock;
  readonly roster: Roster;
  /** For a network's own durable records (IRC's sent-log), in the same SQLite file as everything else. */
  readonly store: Store;
  readonly env?: NodeJS.ProcessEnv;
}
