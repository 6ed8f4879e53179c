/**
 * The twitter-api-v2 client. The library only speaks https to api.x.com and has no base-URL option, so a
 * configured `apiUrl` elsewhere (an enterprise proxy, the tests' local fake) is reached by a request plugin
 * that rewrites each URL, plus an http.Agent when that URL is plain http.
 */
import { Agent as HttpAgent } from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin, type TwitterApiReadWrite } from 'twitter-api-v2';

export interface TwitterKeys {
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  readonly accessSecret: string;
}

const DEFAULT_HOSTS = new Set(['api.twitter.com', 'api.x.com']);

export function createTwitterClient(apiUrl: string, keys: TwitterKeys): TwitterApiReadWrite {
  const base = new URL(apiUrl);
  if (base.protocol === 'https:' && DEFAULT_HOSTS.has(base.hostname) && (base.pathname === '/' || base.pathname === '')) {
    return new TwitterApi({ ...keys }).readWrite;
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
  return new TwitterApi({ ...keys }, { plugins: [rewrite], ...(base.protocol === 'http:' ? { httpAgent: new HttpAgent() } : {}) }).readWrite;
}
