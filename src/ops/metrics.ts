/**
 * Prometheus metrics (prom-client) on a Registry owned by one app: counters fed by the dispatcher's and the
 * outbox worker's observers, gauges read from the store and the networks when /metrics is scraped, so
 * they are never stale and nothing polls in the background.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ChatNetwork } from '../chat/network.js';
import type { HandledCommand } from '../commands-kit/dispatcher.js';
import { DESTINATIONS, type Destination } from '../ground/effects.js';
import type { DeliveryOutcome } from '../publish/publisher.js';
import type { OutboxRepo } from '../store/outbox-repo.js';

/** From a snappy reply (tens of ms) to one stuck behind a slow command or a lagging sync (a minute). */
export const REPLY_LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface OpsMetricsDeps {
  readonly outbox: Pick<OutboxRepo, 'pendingByDestination'>;
  readonly networks: readonly Pick<ChatNetwork, 'adapter' | 'connected'>[];
}

export interface OpsMetrics {
  readonly registry: Registry;
  /** For the dispatcher's `observe`. */
  readonly observeCommand: (handled: HandledCommand) => void;
  /** For the outbox worker's `observe`. */
  readonly observeDelivery: (destination: Destination, outcome: DeliveryOutcome['kind']) => void;
}

export function createOpsMetrics(deps: OpsMetricsDeps): OpsMetrics {
  const registry = new Registry();
  const commands = new Counter({
    name: 'stagehand_commands_total',
    help: 'Chat commands handled, by command name and outcome (ok, refused, error, unknown).',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'stagehand_reply_latency_seconds',
    help: 'From when a command was sent (the network timestamp) until its reply was ready for the chat adapter.',
    buckets: REPLY_LATENCY_BUCKETS,
    registers: [registry],
  });
  const effects = new Counter({
    name: 'stagehand_effects_total',
    help: 'Outbox delivery attempts by destination and outcome (delivered, retry, failed for good).',
    labelNames: ['destination', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'stagehand_outbox_pending',
    help: 'Effects committed but not yet delivered, by destination.',
    labelNames: ['destination'] as const,
    registers: [registry],
    collect() {
      const pending = deps.outbox.pendingByDestination();
      for (const destination of DESTINATIONS) this.set({ destination }, pending.get(destination) ?? 0);
    },
  });
  new Gauge({
    name: 'stagehand_network_connected',
    help: 'Whether each configured chat network is connected (1) or not (0).',
    labelNames: ['network'] as const,
    registers: [registry],
    collect() {
      for (const network of deps.networks) this.set({ network: network.adapter.network }, network.connected() ? 1 : 0);
    },
  });
  return {
    registry,
    observeCommand: ({ command, outcome, latencyMs }) => {
      commands.inc({ command, outcome });
      latency.observe(latencyMs / 1000);
    },
    observeDelivery: (destination, outcome) => effects.inc({ destination, outcome }),
  };
}

export { metricsHandler } from './metrics-handler.js';
