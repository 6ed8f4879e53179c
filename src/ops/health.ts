/**
 * GET /healthz for a container's HEALTHCHECK or a load balancer: 200 only when the store answers a real
 * query, takes writes (no outage reported by its writers: a full disk, a read-only file) and every
 * configured chat network is connected; the JSON body names the part that is down.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatNetwork } from '../chat/network.js';
import type { Store } from '../store/store.js';

export interface HealthDeps {
  readonly store: Pick<Store, 'db'> & Partial<Pick<Store, 'writes'>>;
  readonly networks: readonly Pick<ChatNetwork, 'adapter' | 'connected'>[];
}

export interface Health {
  readonly ok: boolean;
  readonly store: 'ok' | 'down';
  /** Per configured network: matrix, irc; while writes fail, storeFault (full, read-only, io, …) and storeFailingSince (ISO). */
  readonly [network: string]: boolean | string;
}

export function checkHealth(deps: HealthDeps): Health {
  const outage = deps.store.writes?.outage ?? null;
  const store = storeWorks(deps.store) && outage === null ? 'ok' : 'down';
  const networks = Object.fromEntries(deps.networks.map((n) => [n.adapter.network, n.connected() ? 'ok' : 'disconnected']));
  const ok = store === 'ok' && Object.values(networks).every((state) => state === 'ok');
  const writes: Record<string, string> = outage ? { storeFault: outage.fault.kind, storeFailingSince: new Date(outage.since).toISOString() } : {};
  return { ok, store, ...writes, ...networks };
}

export function healthHandler(deps: HealthDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (_req, res) => {
    const health = checkHealth(deps);
    res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`${JSON.stringify(health)}\n`);
  };
}

function storeWorks(store: Pick<Store, 'db'>): boolean {
  try {
    return store.db.prepare<[], { one: number }>('SELECT 1 AS one').get()?.one === 1;
  } catch {
    return false;
  }
}
