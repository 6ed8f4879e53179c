/**
 * The network clients (matrix-bot-sdk, irc-framework, octokit, twitter-api-v2) are loaded only when the
 * configuration uses them: together they double start-up time and add ~50 MB to a local-mode process
 * that never talks to any of them. main.ts loads what the config needs before building the app.
 */
import type { Config } from './config/schema.js';

export interface NetworkModules {
  readonly matrix?: typeof import('./chat/matrix/matrix-network.js');
  readonly irc?: typeof import('./chat/irc/irc-network.js');
  /** GitHub and X/Twitter. */
  readonly live?: typeof import('./live-parts.js');
  /** Prometheus metrics (prom-client, @opentelemetry/api): a deployment's web server serves them. */
  readonly metrics?: typeof import('./ops/metrics.js');
}

export async function loadNetworkModules(config: Config): Promise<NetworkModules> {
  const [matrix, irc, live, metrics] = await Promise.all([
    config.chat.matrix ? import('./chat/matrix/matrix-network.js') : undefined,
    config.chat.irc ? import('./chat/irc/irc-network.js') : undefined,
    config.github || config.twitter ? import('./live-parts.js') : undefined,
    // Nobody scrapes a local shell: metrics are for a deployment's web server.
    wantsMetrics(config) ? import('./ops/metrics.js') : undefined,
  ]);
  return { ...(matrix ? { matrix } : {}), ...(irc ? { irc } : {}), ...(live ? { live } : {}), ...(metrics ? { metrics } : {}) };
}

/** A deployment (no local shell) with a web server serves /metrics; local mode loads no metrics at all. */
export function wantsMetrics(config: Config): boolean {
  return Boolean(config.web) && !config.chat.shell;
}

/** The module a configured part needs; a missing one is a wiring mistake, not a user error. */
export function required<T>(module: T | undefined, part: string): T {
  if (module === undefined) throw new Error(`${part} is configured but its module was not loaded (call loadNetworkModules first)`);
  return module;
}
