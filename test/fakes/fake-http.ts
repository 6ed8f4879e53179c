/**
 * The HTTP part shared by the fake GitHub and the fake X/Twitter: a real server on a free local port, a log
 * of every request, the requests it rejected (the tests assert there were none), and injected faults.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  readonly method: string;
  /** The path as it arrived, still percent-encoded (`/repos/o/r/git/ref/heads%2Fmain`). */
  readonly rawPath: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  /** The JSON body, or undefined when there is none. */
  readonly body: unknown;
}

export interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Fault {
  readonly method: string;
  readonly path: RegExp;
  readonly reply: FakeReply;
  /** Do the work first and answer with the fault anyway: the effect happened but its answer was lost. */
  readonly afterEffect?: boolean;
  remaining: number;
}

/** serve()'s answer for a request held without a reply. */
const HELD = Symbol('held');

export class FakeHttp {
  /** `METHOD /path status` of every request, in order. */
  readonly requests: string[] = [];
  /** Requests refused because they do not match the API description: a passing test has none. */
  readonly rejections: string[] = [];
  private readonly faults: Fault[] = [];
  /** Consulted before anything else: an outage's answer, 'hang' (accept and never answer), or null (serve). */
  outage: ((request: FakeRequest) => FakeReply | 'hang' | null) | null = null;
  private readonly hangWaiters: (() => void)[] = [];
  /** Requests held without an answer whose connection is still open. */
  private held = 0;
  private server: Server | null = null;
  /** `http://127.0.0.1:PORT` once listening. */
  url = '';

  constructor(private readonly handle: (request: FakeRequest) => FakeReply | Promise<FakeReply>) {}

  /** The next `times` requests matching method and path get `reply` instead of their answer. */
  failNext(method: string, path: RegExp, reply: FakeReply, options: { times?: number; afterEffect?: boolean } = {}): void {
    this.faults.push({ method, path, reply, remaining: options.times ?? 1, ...(options.afterEffect ? { afterEffect: true } : {}) });
  }

  /** Resolves once this server holds a request without an answer (at once if it holds one already). */
  holding(): Promise<void> {
    return this.held > 0 ? Promise.resolve() : new Promise((resolve) => this.hangWaiters.push(resolve));
  }

  /** Refuse a request as not matching the API description (recorded for the test to see). */
  reject(request: FakeRequest, status: number, problem: string): FakeReply {
    this.rejections.push(`${request.method} ${request.rawPath}: ${problem}`);
    return { status, body: { message: `fake: ${problem}` } };
  }

  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void this.serve(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8')).then((reply) => {
          if (reply === HELD) {
            // The connection stays open until the client gives up (or close() ends it).
            this.held++;
            res.on('close', () => this.held--);
            for (const wake of this.hangWaiters.splice(0)) wake();
            return;
          }
          const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
          res.writeHead(reply.status, { ...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...reply.headers });
          res.end(body);
        });
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(method: string, url: string, headers: IncomingHttpHeaders, rawBody: string): Promise<FakeReply | typeof HELD> {
    const parsed = new URL(url, 'http://fake');
    let body: unknown;
    let reply: FakeReply;
    const request = (): FakeRequest => ({ method, rawPath: parsed.pathname, query: parsed.searchParams, headers, rawBody, body });
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      reply = this.reject(request(), 400, 'the body is not JSON');
      this.requests.push(`${method} ${parsed.pathname} ${reply.status}`);
      return reply;
    }
    const down = this.outage?.(request()) ?? null;
    if (down === 'hang') {
      this.requests.push(`${method} ${parsed.pathname} hang`);
      return HELD;
    }
    if (down !== null) {
      this.requests.push(`${method} ${parsed.pathname} ${down.status}`);
      return down;
    }
    const fault = this.faults.find((f) => f.remaining > 0 && f.method === method && f.path.test(parsed.pathname));
    if (fault) fault.remaining--;
    if (fault && !fault.afterEffect) reply = fault.reply;
    else {
      try {
        reply = await this.handle(request());
      } catch (error) {
        reply = { status: 500, body: { message: `fake crashed: ${String(error)}` } };
        this.rejections.push(`${method} ${parsed.pathname}: fake crashed: ${String(error)}`);
      }
      if (fault) reply = fault.reply;
    }
    this.requests.push(`${method} ${parsed.pathname} ${reply.status}`);
    return reply;
  }
}
