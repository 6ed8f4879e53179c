import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { healthHandler, type HealthDeps } from './health.js';
import { metricsHandler } from './metrics-handler.js';

export type OpsRoute = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The operations endpoints, to spread into the web server's route table. Without a registry (local mode
 * loads no metrics) there is no /metrics.
 */
export function opsRoutes(deps: HealthDeps & { readonly registry: Registry | null }): Partial<Record<'/healthz' | '/metrics', OpsRoute>> {
  return { '/healthz': healthHandler(deps), ...(deps.registry ? { '/metrics': metricsHandler(deps.registry) } : {}) };
}
