import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { healthHandler, type HealthDeps } from './health.js';
import { metricsHandler } from './metrics.js';

export type OpsRoute = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The operations endpoints, to spread into the web server's route table. */
export function opsRoutes(deps: HealthDeps & { readonly registry: Registry }): Record<'/healthz' | '/metrics', OpsRoute> {
  return { '/healthz': healthHandler(deps), '/metrics': metricsHandler(deps.registry) };
}
