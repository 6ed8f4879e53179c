/**
 * A small HTTP server over a route table (node:http, no framework): exact paths, GET and HEAD unless a
 * route names its own methods (the GitHub webhook takes POST only), 404 for anything else. Handlers write
 * their own response; one that throws gets a 500 and a log line.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.js';

export type RouteHandler = ((req: IncomingMessage, res: ServerResponse) => void | Promise<void>) & {
  /** The methods the route answers (default GET and HEAD); others get 405 with an Allow header. */
  readonly methods?: readonly string[];
};

export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** When `port` is in use, listen on a free one instead of failing (the URL says which). */
  readonly anyFreePortIfBusy?: boolean;
  /** Exact paths (`/`, `/calendar.ics`); the query string is ignored when matching. */
  readonly routes: Readonly<Record<string, RouteHandler>>;
  readonly log: Logger;
  /** How long a client may take to send a request (defaults: REQUEST_TIMEOUTS; tests pass short ones). */
  readonly timeouts?: RequestTimeouts;
  /** Connections open at once (default MAX_CONNECTIONS); more are closed as they arrive. */
  readonly maxConnections?: number;
}

/**
 * Enough for the status page's readers and GitHub's deliveries many times over. Without a cap, a client
 * opening connections faster than the timeouts close them could take every file descriptor the process
 * has, and with them the chat and GitHub connections Stagehand needs.
 */
export const MAX_CONNECTIONS = 256;

/**
 * The webhook route faces the internet, where a client can open a connection and send its headers or body
 * a byte at a time (slowloris). Node's own limits (60 s for the headers, 300 s for the whole request,
 * checked every 30 s) let each such connection live for minutes; a real client sends a few kB at once.
 */
export interface RequestTimeouts {
  /** From the connection (or the previous response) until the request's headers are complete. */
  readonly headersMs: number;
  /** From the connection until the whole request, body included, has arrived. */
  readonly requestMs: number;
}

export const REQUEST_TIMEOUTS: RequestTimeouts = { headersMs: 10_000, requestMs: 30_000 };

export interface HttpServer {
  /** Listen; resolves with the URL actually served (the real port when 0 was asked for). */
  start(): Promise<string>;
  /** The URL once started. */
  readonly url: string | null;
  stop(): Promise<void>;
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { routes, log } = options;
  let url: string | null = null;

  const timeouts = options.timeouts ?? REQUEST_TIMEOUTS;
  const server: Server = createServer(
    // Checked this often, so a timeout is enforced within a second of its end rather than Node's 30 s.
    { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs) },
    (req, res) => {
      void handle(req, res);
    },
  );
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  // Idle keep-alive sockets must not hold stop() open.
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url);
    const route = path === null ? undefined : Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route) return plain(res, 404, 'Not found\n');
    const methods = route.methods ?? ['GET', 'HEAD'];
    if (!methods.includes(req.method ?? '')) {
      res.setHeader('Allow', methods.join(', '));
      return plain(res, 405, 'Method not allowed\n');
    }
    try {
      await route(req, res);
    } catch (error) {
      log.error({ err: error, path }, 'web request failed');
      if (!res.headersSent) plain(res, 500, 'Internal error\n');
      else res.destroy();
    }
  }

  function listen(port: number): Promise<string> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host, () => {
        server.off('error', reject);
        const { port: actual } = server.address() as AddressInfo;
        url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${actual}/`;
        resolve(url);
      });
    });
  }

  return {
    get url() {
      return url;
    },
    async start() {
      try {
        return await listen(options.port);
      } catch (error) {
        if (!options.anyFreePortIfBusy || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        return listen(0);
      }
    },
    stop() {
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The path of a request target, or null when it is not an absolute path. */
function pathOf(target: string | undefined): string | null {
  if (!target?.startsWith('/')) return null;
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** Send a complete body with its type; HEAD gets the headers only. */
export function send(req: IncomingMessage, res: ServerResponse, contentType: string, body: string): void {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
