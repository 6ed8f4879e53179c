/**
 * GitHub App authentication for the fake GitHub (fake-github.ts), as GitHub does it: the App signs a JWT
 * (RS256, `iss` = the App's ID, issued no later than now, expiring within ten minutes) with its private key,
 * and the fake checks it against the App's public key on the App's routes; with it the App finds its
 * installation on the repository and exchanges it for an installation token (`ghs_…`) that expires at a
 * time the test controls. Every repository request must carry a token issued here and not yet expired, on
 * the fake's clock; anything else (a personal token, a JWT, an expired or unknown token) gets GitHub's 401.
 * Requests are still checked against the OpenAPI description first, by the fake GitHub.
 */
import { randomBytes, verify, type KeyObject } from 'node:crypto';
import type { FakeReply, FakeRequest } from './fake-http.js';

export interface IssuedToken {
  readonly token: string;
  /** Epoch ms, on the fake's clock. */
  readonly expiresAt: number;
}

const MINUTE = 60_000;
const unauthorized = (message: string): FakeReply => ({ status: 401, body: { message, documentation_url: 'https://docs.github.com/rest' } });

export class FakeGithubApp {
  /** Every installation token issued, oldest first. */
  readonly issued: IssuedToken[] = [];
  /** `METHOD path` of each request refused with 401, and why (a passing test of App auth has none). */
  readonly refused: string[] = [];
  /** Which token each repository request carried, in order (index into `issued`). */
  readonly used: number[] = [];
  private readonly revoked = new Set<number>();
  /** JWTs accepted on the App's routes. */
  jwtsAccepted = 0;
  /** How long an installation token lives (GitHub: one hour). */
  tokenLifetimeMs = 60 * MINUTE;
  /** The fake's clock: the test points it at the app's (manual) clock. */
  now: () => number = () => Date.now();

  constructor(
    readonly appId: number,
    private readonly publicKey: KeyObject,
    readonly installationId: number,
    private readonly owner: string,
    private readonly repo: string,
  ) {}

  /**
   * The answer to a request under App auth: an App route's answer, a 401, or null when a valid installation
   * token lets the repository API serve it. `params` are the path parameters the OpenAPI check found.
   */
  answer(request: FakeRequest, operationId: string, params: Readonly<Record<string, string>>): FakeReply | null {
    const authorization = request.headers.authorization ?? '';
    const what = `${request.method} ${request.rawPath}`;
    const refuse = (why: string, message: string): FakeReply => {
      this.refused.push(`${what}: ${why}`);
      return unauthorized(message);
    };
    if (operationId.startsWith('apps/')) {
      const problem = this.jwtProblem(authorization);
      if (problem) return refuse(problem, 'A JSON web token could not be decoded');
      this.jwtsAccepted++;
      if (operationId === 'apps/get-repo-installation') {
        if (params['owner'] !== this.owner || params['repo'] !== this.repo) return { status: 404, body: { message: 'Not Found' } };
        return { status: 200, body: this.installationJson() };
      }
      if (operationId === 'apps/create-installation-access-token') {
        if (Number(params['installation_id']) !== this.installationId) return { status: 404, body: { message: 'Not Found' } };
        return this.issueToken();
      }
      return { status: 501, body: { message: `the fake App does not implement ${operationId}` } };
    }
    const match = /^token (ghs_[A-Za-z0-9]+)$/.exec(authorization);
    if (!match) return refuse(authorization === '' ? 'no credentials' : 'not an installation token', 'Bad credentials');
    const index = this.issued.findIndex((t) => t.token === match[1]);
    if (index === -1) return refuse('unknown token', 'Bad credentials');
    if (this.revoked.has(index)) return refuse(`token ${index} revoked`, 'Bad credentials');
    if (this.issued[index]!.expiresAt <= this.now()) return refuse(`token ${index} expired`, 'Bad credentials');
    this.used.push(index);
    return null;
  }

  /** Every token issued so far stops working before its expiry (the App was suspended and reinstated, a key rotated). */
  revokeAll(): void {
    this.issued.forEach((_t, i) => this.revoked.add(i));
  }

  /** What is wrong with a `Bearer <JWT>` header as the App's JWT; null when it is good. */
  private jwtProblem(authorization: string): string | null {
    const match = /^bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/i.exec(authorization);
    if (!match) return 'no JWT';
    const [, header, payload, signature] = match as unknown as [string, string, string, string];
    const json = (part: string): Record<string, unknown> | null => {
      try {
        return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
      } catch {
        return null;
      }
    };
    const head = json(header);
    const claims = json(payload);
    if (!head || !claims) return 'JWT not JSON';
    if (head['alg'] !== 'RS256') return `JWT alg ${String(head['alg'])}`;
    if (!verify('sha256', Buffer.from(`${header}.${payload}`), this.publicKey, Buffer.from(signature, 'base64url'))) return 'JWT signature does not verify with the App public key';
    if (String(claims['iss']) !== String(this.appId)) return `JWT iss ${String(claims['iss'])} is not the App`;
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number') return 'JWT without numeric iat/exp';
    const now = Math.floor(this.now() / 1000);
    if (iat > now) return 'JWT issued in the future';
    if (exp <= now) return 'JWT expired';
    if (exp - iat > 600) return 'JWT lives longer than ten minutes';
    return null;
  }

  private issueToken(): FakeReply {
    const token = `ghs_${randomBytes(27).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x')}`;
    // GitHub gives whole seconds.
    const expiresAt = Math.floor((this.now() + this.tokenLifetimeMs) / 1000) * 1000;
    this.issued.push({ token, expiresAt });
    return {
      status: 201,
      body: { token, expires_at: new Date(expiresAt).toISOString().replace('.000Z', 'Z'), permissions: { contents: 'write', issues: 'write', checks: 'read', statuses: 'read', metadata: 'read' }, repository_selection: 'selected' },
    };
  }

  private installationJson() {
    return {
      id: this.installationId,
      app_id: this.appId,
      account: { login: this.owner, id: 1, type: 'Organization' },
      target_type: 'Organization',
      repository_selection: 'selected',
      access_tokens_url: `https://api.github.com/app/installations/${this.installationId}/access_tokens`,
      permissions: { contents: 'write', issues: 'write', checks: 'read', statuses: 'read', metadata: 'read' },
      events: [],
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
  }
}
