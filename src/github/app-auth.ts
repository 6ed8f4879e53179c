/**
 * Signing in as a GitHub App installation: octokit's own App support (@octokit/auth-app) does the work —
 * the App's JWT for `/app/…` requests, an installation token for the rest, fetched once and cached — with
 * three things of Stagehand's around it:
 * - the installation is found from `project.repo` (GET /repos/{owner}/{repo}/installation, with the JWT)
 *   when the config does not name it, once, on the first request that needs it (start-up never waits for
 *   GitHub); a failed look-up is asked again by the next request, never in a loop;
 * - time is the app's Clock: the JWT's iat/exp and the token's expiry are read on it, and a token is
 *   renewed REFRESH_BEFORE_EXPIRY_MS before GitHub's `expires_at` (auth-app alone keeps a token 59 minutes
 *   by the wall clock, whatever GitHub said);
 * - a 401 on an installation token (revoked, or a clock far off GitHub's) drops it and the request is sent
 *   once more with a new token, instead of every request failing with the old one until it ages out.
 */
import { createAppAuth } from '@octokit/auth-app';
import githubAppJwt from 'universal-github-app-jwt';
import type { Clock } from '../ground/clock.js';

/** An installation token is replaced once less than this is left of its life (GitHub gives an hour). */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface GithubAppAuth {
  readonly appId: number | string;
  /** The PEM private key (src/config/private-key.ts has checked it). */
  readonly privateKey: string;
  /** The installation; when absent it is looked up from `repo`. */
  readonly installationId?: number | undefined;
  readonly repo: { readonly owner: string; readonly repo: string };
  readonly clock: Clock;
}

type AppAuth = ReturnType<typeof createAppAuth>;
type HookArgs = Parameters<AppAuth['hook']>;
/** What Octokit hands an `authStrategy`: its own request (hooks included) and logger, plus `auth`. */
type StrategyOptions = GithubAppAuth & { readonly request: HookArgs[0]; readonly log: { warn: (message: string) => unknown } };

/** The `authStrategy` for `new Octokit({ authStrategy: installationAuth, auth: GithubAppAuth })`. */
export function installationAuth(options: StrategyOptions) {
  const { appId, privateKey, clock, repo, request, log } = options;
  const tokens = tokenCache(clock);
  const shared = {
    appId,
    // auth-app's own signing, given the app's time instead of the wall clock.
    createJwt: async (id: string | number, timeDifference?: number) => {
      const { token, expiration } = await githubAppJwt({ id, privateKey, now: Math.floor(clock.now() / 1000) + (timeDifference ?? 0) });
      return { jwt: token, expiresAt: new Date(expiration * 1000).toISOString() };
    },
    cache: tokens,
    request,
    log,
  };
  const app = createAppAuth(shared);
  let installation: Promise<AppAuth> | null = options.installationId === undefined ? null : Promise.resolve(createAppAuth({ ...shared, installationId: options.installationId }));
  const installed = (): Promise<AppAuth> =>
    (installation ??= (async () => {
      // Goes through this strategy's hook, which signs it with the JWT (an App route).
      const { data } = await request('GET /repos/{owner}/{repo}/installation', { owner: repo.owner, repo: repo.repo });
      return createAppAuth({ ...shared, installationId: data.id });
    })().catch((error: unknown) => {
      installation = null;
      // GitHub's bare "Not Found" would leave the operator guessing which of the two is missing.
      if ((error as { status?: number }).status === 404 && error instanceof Error) {
        error.message = `the GitHub App ${appId} is not installed on ${repo.owner}/${repo.repo} (GET /repos/${repo.owner}/${repo.repo}/installation: ${error.message})`;
      }
      throw error;
    }));

  const hook = async (...[send, route, parameters]: HookArgs) => {
    if (isAppRoute(pathOf(send.endpoint.merge(route as string, parameters).url ?? '', send))) return app.hook(send, route, parameters);
    const auth = await installed();
    try {
      return await auth.hook(send, route, parameters);
    } catch (error) {
      const failed = error as { status?: number; request?: { url?: string } };
      // A 401 on the token request itself (a wrong key) is not the token's fault: a new one would fail alike.
      if (failed.status !== 401 || isAppRoute(pathOf(failed.request?.url ?? '/app', send))) throw error;
      // GitHub no longer takes the token (revoked, or its clock far ahead of ours): once more with a new one.
      // A 401 means the request was not carried out, so repeating it cannot do anything twice.
      tokens.forget();
      const { token } = await auth({ type: 'installation' });
      // Sent once, as it is: auth-app's hook would repeat a 401 on a token this fresh (GitHub's replication
      // delay) for five seconds of real sleeps, so a token refused for good would cost five requests and hold up SIGTERM.
      const retry = send.endpoint.merge(route as string, parameters);
      return send({ ...retry, headers: { ...retry.headers, authorization: `token ${token}` } } as unknown as Parameters<typeof send>[0]);
    }
  };
  // `octokit.auth()`: the installation token (or the App's JWT), as with createAppAuth.
  const auth = async (authOptions: { type: 'app' | 'installation' } = { type: 'installation' }) =>
    authOptions.type === 'app' ? app({ type: 'app' }) : (await installed())({ type: 'installation' });
  return Object.assign(auth, { hook });
}

/** A request's path below the API root (`/repos/o/r/git/refs`), as auth-app reads it. */
const pathOf = (url: string, send: HookArgs[0]): string => url.replace(send.endpoint.DEFAULTS.baseUrl, '').split('?')[0] ?? '';

/** The routes signed with the App's JWT rather than an installation token (the two Stagehand calls). */
const isAppRoute = (path: string): boolean => /^\/app(?:\/|$)/.test(path) || /^\/repos\/[^/]+\/[^/]+\/installation$/.test(path);

/**
 * auth-app's token cache (its entries are `token|createdAt|expiresAt|…`), in memory, answering "none" for a
 * token that expires within REFRESH_BEFORE_EXPIRY_MS on the app's clock, so auth-app asks for a new one.
 */
function tokenCache(clock: Clock) {
  const entries = new Map<string, string>();
  return {
    get(key: string): string {
      const value = entries.get(key);
      const expiresAt = Date.parse(value?.split('|')[2] ?? '');
      if (value === undefined || !(expiresAt - clock.now() > REFRESH_BEFORE_EXPIRY_MS)) {
        entries.delete(key);
        return undefined as unknown as string; // auth-app's type says string; it treats a miss as undefined
      }
      return value;
    },
    set(key: string, value: string): void {
      entries.set(key, value);
    },
    forget(): void {
      entries.clear();
    },
  };
}
