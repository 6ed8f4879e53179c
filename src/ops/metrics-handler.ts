import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** GET /metrics: the registry in Prometheus text format; a store that cannot be read is a 500 naming why. */
export function metricsHandler(registry: Registry): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (_req, res) => {
    let body: string;
    try {
      body = await registry.metrics();
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(body);
  };
}
