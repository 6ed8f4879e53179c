/**
 * The twitter-api-v2 client. The library only speaks https to api.x.com and has no base-URL option, so a
 * configured `apiUrl` elsewhere (an enterprise proxy, the tests' local fake) is reached by a request plugin
 * that rewrites each URL, plus an http.Agent when that URL is plain http.
 */
import { Agent as HttpAgent } from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin, type TwitterApiReadWrite } from 'twitter-api-v2';
import { deadline, type Deadline } from '../publish/request-deadline.js';

export interface TwitterKeys {
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  readonly accessSecret: string;
}

const DEFAULT_HOSTS = new Set(['api.twitter.com', 'api.x.com']);

/** Every request gives up after `timeoutMs` (the worker retries it later). */
export function createTwitterClient(apiUrl: string, keys: TwitterKeys, timeoutMs?: number): TwitterApiReadWrite {
  const base = new URL(apiUrl);
  const plugins = timeoutMs ? [withinDeadline(timeoutMs)] : [];
  if (base.protocol === 'https:' && DEFAULT_HOSTS.has(base.hostname) && (base.pathname === '/' || base.pathname === '')) {
    return new TwitterApi({ ...keys }, { plugins }).readWrite;
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const rewrite: ITwitterApiClientPlugin = {
    onBeforeRequest({ computedParams }) {
      const url = computedParams.url;
      url.protocol = base.protocol;
      url.host = base.host;
      url.pathname = `${prefix}${url.pathname}`;
    },
  };
  return new TwitterApi({ ...keys }, { plugins: [rewrite, ...plugins], ...(base.protocol === 'http:' ? { httpAgent: new HttpAgent() } : {}) }).readWrite;
}

/** The request's options carry an abort signal armed with the deadline; an answer in time disarms it. */
function withinDeadline(ms: number): ITwitterApiClientPlugin {
  const pending = new WeakMap<object, Deadline>();
  const finish = (options: object): void => {
    pending.get(options)?.done();
    pending.delete(options);
  };
  return {
    onBeforeRequest({ requestOptions }) {
      const limit = deadline(ms, 'X/Twitter');
      pending.set(requestOptions, limit);
      requestOptions.signal = limit.signal;
    },
    onAfterRequest({ requestOptions }) {
      finish(requestOptions);
    },
    onRequestError({ requestOptions }) {
      finish(requestOptions);
    },
    onResponseError({ requestOptions }) {
      finish(requestOptions);
    },
  };
}
