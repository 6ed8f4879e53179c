/**
 * `POST /api/github/webhooks`: the one endpoint meant for the internet. It only lets a delivery through:
 * rate-limited per client, headers checked, the body read up to a cap, the signature (`X-Hub-Signature-256`)
 * checked by @octokit/webhooks, deliveries for other repositories answered and dropped, each delivery id
 * handled once. What a delivery changes is up to the handlers registered on the `Webhooks` instance.
 * Anything refused changes nothing: no id is recorded and no handler runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmitterWebhookEvent, Webhooks } from '@octokit/webhooks';
import type { Logger } from '../log/logger.js';
import type { RouteHandler } from './http-server.js';
import { rateKeyOf, type RateLimiter } from './rate-limit.js';
import { readCappedBody } from './read-capped-body.js';

export const GITHUB_WEBHOOK_PATH = '/api/github/webhooks';

/** Our deliveries (check runs, pushes, issues) are a few kB; GitHub's own cap is 25 MB. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** Where delivery ids are kept (src/store/webhook-delivery-repo.ts). */
export interface DeliveryLedger {
  claim(id: string, event: string, at: number): boolean;
  release(id: string): void;
  /** Its handlers ran to their end (src/web/unfinished-deliveries.ts keeps track of the ones that did not). */
  finished?(id: string): void;
}

export interface GithubWebhookRouteDeps {
  readonly webhooks: Webhooks;
  readonly deliveries: DeliveryLedger;
  /** `project.repo` (owner/name): deliveries about any other repository are ignored. */
  readonly repo: string;
  readonly limiter: RateLimiter;
  readonly now: () => number;
  readonly log: Logger;
  readonly maxBodyBytes?: number;
  /** Reverse proxies whose X-Forwarded-For is believed (default: loopback). */
  readonly trustedProxies?: readonly string[];
}

const EVENT_NAME = /^[a-z_]{1,64}$/;
// GitHub's ids are UUIDs; anything id-like and short is accepted, nothing that could smuggle text into a log.
const DELIVERY_ID = /^[A-Za-z0-9-]{1,100}$/;
const SIGNATURE = /^sha256=[0-9a-f]{64}$/;

export function githubWebhookRoute(deps: GithubWebhookRouteDeps): RouteHandler {
  const maxBytes = deps.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const repo = deps.repo.toLowerCase();
  const proxies = new Set((deps.trustedProxies ?? ['127.0.0.1', '::1']).map(plainAddress));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = clientOf(req, proxies);
    const rate = deps.limiter.take(rateKeyOf(client));
    if (!rate.allowed) {
      deps.log.warn({ client }, 'github webhook: rate limited');
      return answer(res, 429, 'Too many requests\n', { 'Retry-After': String(rate.retryAfterSeconds), Connection: 'close' });
    }
    const signature = header(req, 'x-hub-signature-256');
    // Unsigned or not even shaped like a signature: nothing is read.
    if (signature === undefined || !SIGNATURE.test(signature)) return refuse(res, 401, 'signature missing or malformed', client);
    const name = header(req, 'x-github-event');
    const id = header(req, 'x-github-delivery');
    if (name === undefined || !EVENT_NAME.test(name)) return refuse(res, 400, 'X-GitHub-Event missing or invalid', client);
    if (id === undefined || !DELIVERY_ID.test(id)) return refuse(res, 400, 'X-GitHub-Delivery missing or invalid', client);
    if (!/^application\/json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) {
      return refuse(res, 400, 'Content-Type must be application/json (the webhook\'s content type on GitHub)', client);
    }

    const read = await readCappedBody(req, maxBytes);
    if (!read.ok) {
      if (read.problem === 'aborted') return void res.destroy();
      return refuse(res, 413, `body over ${maxBytes} bytes`, client);
    }
    const payload = read.body.toString('utf8');
    const verified = await deps.webhooks.verify(payload, signature).catch(() => false);
    if (!verified) return refuse(res, 401, 'signature does not match', client);

    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return refuse(res, 400, 'body is not JSON', client);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return refuse(res, 400, 'body is not a JSON object', client);
    const fullName = repositoryOf(parsed);
    if (fullName?.toLowerCase() !== repo) {
      deps.log.info({ event: name, delivery: id, repository: fullName ?? null }, 'github webhook: ignored (not this project\'s repository)');
      return answer(res, 202, `Ignored: not about ${deps.repo}\n`);
    }

    if (!deps.deliveries.claim(id, name, deps.now())) {
      deps.log.info({ event: name, delivery: id }, 'github webhook: already handled');
      return answer(res, 200, 'Already handled\n');
    }
    deps.log.info({ event: name, delivery: id, action: actionOf(parsed) }, 'github webhook');
    try {
      await deps.webhooks.receive({ id, name, payload: parsed } as EmitterWebhookEvent);
    } catch (error) {
      // Not kept as handled: GitHub's redelivery (or a person's "Redeliver") gets another go.
      deps.deliveries.release(id);
      deps.log.error({ event: name, delivery: id, problem: messageOf(error) }, 'github webhook: handling failed');
      return answer(res, 500, 'Handling failed; redeliver to retry\n');
    }
    deps.deliveries.finished?.(id);
    answer(res, 200, 'Handled\n');
  }

  /**
   * Refused requests end their connection: a body left unread is then never read (Node would otherwise
   * read it to its end to reuse the connection), so a refusal costs no more than the cap.
   */
  function refuse(res: ServerResponse, status: number, reason: string, client: string): void {
    deps.log.warn({ status, client, reason }, 'github webhook: refused');
    answer(res, status, `${reason}\n`, { Connection: 'close' });
  }

  return Object.assign(handle, { methods: ['POST'] });
}

/**
 * The address a request came from. Behind a reverse proxy every request comes from the proxy, so for a
 * trusted proxy the address it appended to X-Forwarded-For (the last one) is the client; from anywhere
 * else the header is the client's own word and ignored.
 */
export function clientOf(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = plainAddress(req.socket.remoteAddress ?? 'unknown');
  const forwarded = header(req, 'x-forwarded-for');
  if (forwarded === undefined || !trustedProxies.has(peer)) return peer;
  const last = forwarded.slice(-100).split(',').pop()?.trim();
  return last ? plainAddress(last) : peer;
}

/** An IPv4 address as itself, not IPv4-mapped IPv6 (`::ffff:127.0.0.1`, how a dual-stack socket reports it). */
function plainAddress(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function repositoryOf(payload: object): string | undefined {
  const repository = (payload as { repository?: unknown }).repository;
  if (repository === null || typeof repository !== 'object') return undefined;
  const fullName = (repository as { full_name?: unknown }).full_name;
  return typeof fullName === 'string' ? fullName : undefined;
}

function actionOf(payload: object): string | null {
  const action = (payload as { action?: unknown }).action;
  return typeof action === 'string' ? action : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
