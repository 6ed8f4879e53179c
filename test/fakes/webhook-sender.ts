/**
 * The fake GitHub's side of webhooks: it sends deliveries over real HTTP to the running app, as GitHub
 * does (POST, application/json, X-GitHub-Event, X-GitHub-Delivery, X-Hub-Signature-256 signed by
 * @octokit/webhooks with the hook's secret). Payloads are valid by GitHub's own schema (webhook-schemas.ts)
 * and about the fake's repository unless a test says otherwise. Tests can also send what GitHub never
 * would: a wrong signature, none, a body that never ends.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { Webhooks } from '@octokit/webhooks';
import { WebhookSchemas } from './webhook-schemas.js';

export interface Delivery {
  readonly id: string;
  readonly event: string;
  readonly body: string;
  readonly signature: string;
}

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

export interface SendOptions {
  /** Replace the signature (a wrong one), or null to send none. */
  readonly signature?: string | null;
  /** More or other headers (X-Forwarded-For, a wrong Content-Type); undefined values remove a header. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly method?: string;
}

export class WebhookSender {
  private readonly signer: Webhooks;

  /** `url`: the app's webhook endpoint; `repo`: owner/name of the fake's repository. */
  constructor(
    readonly url: string,
    secret: string,
    readonly schemas: WebhookSchemas,
    readonly repo = 'ipfs/go-ipfs',
  ) {
    this.signer = new Webhooks({ secret });
  }

  /** A signed delivery of a valid payload about `repository` (default: the fake's). */
  async delivery(event: string, action: string | undefined, fields: Record<string, unknown> = {}, repository = this.repo): Promise<Delivery> {
    const [owner = '', name = ''] = repository.split('/');
    const payload = this.schemas.payload(event, action, { repository: { full_name: repository, name, owner: { login: owner } }, ...fields });
    const body = JSON.stringify(payload);
    return { id: randomUUID(), event, body, signature: await this.signer.sign(body) };
  }

  /** Build a delivery and send it. */
  async deliver(event: string, action: string | undefined, fields: Record<string, unknown> = {}, repository = this.repo): Promise<Answer & { delivery: Delivery }> {
    const delivery = await this.delivery(event, action, fields, repository);
    return { ...(await this.send(delivery)), delivery };
  }

  /** A `check_run` `completed` on `sha` (a green or red CI check). */
  checkRun(sha: string, conclusion: 'success' | 'failure', name = 'ci/build'): Promise<Answer & { delivery: Delivery }> {
    return this.deliver('check_run', 'completed', { check_run: { head_sha: sha, name, status: 'completed', conclusion } });
  }

  /** A `push` of `sha` to `branch` (not a deletion: the schema's example payload is one, `deleted: true`). */
  push(branch: string, sha: string, before = '0'.repeat(40)): Promise<Answer & { delivery: Delivery }> {
    return this.deliver('push', undefined, { ref: `refs/heads/${branch}`, before, after: sha, created: /^0+$/.test(before), deleted: false });
  }

  /** Send `delivery` (again: GitHub's "Redeliver" sends the same id and body). */
  send(delivery: Delivery, options: SendOptions = {}): Promise<Answer> {
    const signature = options.signature === undefined ? delivery.signature : options.signature;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'GitHub-Hookshot/fake',
      'X-GitHub-Event': delivery.event,
      'X-GitHub-Delivery': delivery.id,
      ...(signature === null ? {} : { 'X-Hub-Signature-256': signature }),
    };
    for (const [key, value] of Object.entries(options.headers ?? {})) {
      const existing = Object.keys(headers).find((k) => k.toLowerCase() === key.toLowerCase());
      if (existing) delete headers[existing];
      if (value !== undefined) headers[key] = value;
    }
    return exchange(this.url, options.method ?? 'POST', headers, (req) => req.end(delivery.body));
  }

  /**
   * A signed-looking delivery whose body never ends (chunked, no length): it keeps writing `chunkBytes` at
   * a time until the app answers. Resolves with the answer and how many bytes had been written by then.
   */
  async endless(chunkBytes = 64 * 1024): Promise<Answer & { written: number }> {
    const delivery = await this.delivery('ping', undefined, {});
    let written = 0;
    let answered = false;
    const answer = await exchange(
      this.url,
      'POST',
      { 'Content-Type': 'application/json', 'X-GitHub-Event': 'ping', 'X-GitHub-Delivery': delivery.id, 'X-Hub-Signature-256': delivery.signature },
      (req) => {
        const chunk = Buffer.alloc(chunkBytes, 0x20);
        const more = (): void => {
          // Bounded: a server that read for ever would stop the test at 64 MiB, not hang it.
          while (!answered && !req.destroyed && written < 64 * 1024 * 1024) {
            written += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', more);
          }
          if (!answered && !req.destroyed) req.end();
        };
        req.once('response', () => (answered = true));
        more();
      },
    );
    return { ...answer, written };
  }
}

/** One request over real HTTP; an answer that arrives while the body is still being written counts. */
function exchange(url: string, method: string, headers: Record<string, string>, write: (req: ReturnType<typeof request>) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      const done = (): void => {
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
      };
      res.on('end', done).on('error', done).on('aborted', done);
    });
    // The app closing the connection on a body it refused is expected once its answer is in.
    req.on('error', (error) => {
      if (!settled) reject(error);
    });
    write(req);
  });
}
