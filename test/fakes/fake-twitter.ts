/**
 * A fake X/Twitter API v2 for one account. It keeps the account's posts and refuses what the documented
 * request shapes do not allow: `POST /2/tweets` (JSON body with the documented fields, text within 280
 * weighted characters), `GET /2/users/me`, `GET /2/users/:id/tweets` (documented query parameters and
 * ranges), each signed with OAuth 1.0a HMAC-SHA1 by the configured keys (the signature is verified).
 * Like X, it shows links as t.co, refuses a duplicate text with 403 and a `detail`, and answers 429 with
 * rate-limit headers when told to.
 */
import { createHmac } from 'node:crypto';
import twitterText from 'twitter-text';
import { FakeHttp, type FakeReply, type FakeRequest } from './fake-http.js';

export interface FakeKeys {
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  readonly accessSecret: string;
}

/** The fields POST /2/tweets documents. */
const TWEET_FIELDS = new Set([
  'text', 'card_uri', 'community_id', 'direct_message_deep_link', 'for_super_followers_only', 'geo', 'media',
  'nullcast', 'poll', 'quote_tweet_id', 'reply', 'reply_settings', 'share_with_followers', 'made_with_ai', 'paid_partnership',
]);
const FIELDS = ['expansions', 'tweet.fields', 'user.fields', 'media.fields', 'place.fields', 'poll.fields'];
const TIMELINE_QUERY = new Set(['max_results', 'pagination_token', 'exclude', 'since_id', 'until_id', 'start_time', 'end_time', ...FIELDS]);
const ME_QUERY = new Set(['expansions', 'tweet.fields', 'user.fields']);
/** The host the client signs for (the real API's): the fake checks signatures against it. */
const SIGNED_ORIGIN = 'https://api.x.com';
const USER_ID = '2244994945';

export class FakeTwitter {
  readonly http: FakeHttp;
  /** The account's posts, oldest first, as the account's owner wrote them. */
  readonly posts: { id: string; text: string }[] = [];
  private nextId = 1_000_000_000_000_000_000n;

  constructor(private readonly keys: FakeKeys) {
    this.http = new FakeHttp((request) => this.serve(request));
  }

  private serve(request: FakeRequest): FakeReply {
    const route = `${request.method} ${request.rawPath.replace(/^\/2\/users\/[^/]+\/tweets$/, '/2/users/:id/tweets')}`;
    if (!['POST /2/tweets', 'GET /2/users/me', 'GET /2/users/:id/tweets'].includes(route)) {
      return this.http.reject(request, 404, `${request.method} ${request.rawPath} is not an X API v2 endpoint this fake knows`);
    }
    const auth = this.checkOAuth(request);
    if (auth) return auth;
    switch (route) {
      case 'POST /2/tweets':
        return this.createPost(request);
      case 'GET /2/users/me':
        for (const name of request.query.keys()) if (!ME_QUERY.has(name)) return this.http.reject(request, 400, `GET /2/users/me takes no ${name}`);
        return { status: 200, body: { data: { id: USER_ID, name: 'IPFS', username: 'IPFS' } } };
      default:
        return this.timeline(request);
    }
  }

  private createPost(request: FakeRequest): FakeReply {
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) return this.http.reject(request, 415, 'POST /2/tweets takes application/json');
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return this.http.reject(request, 400, 'the body must be a JSON object');
    const unknown = Object.keys(body).filter((k) => !TWEET_FIELDS.has(k));
    if (unknown.length) return this.http.reject(request, 400, `POST /2/tweets has no field ${unknown.join(', ')}`);
    const text = (body as { text?: unknown }).text;
    if (typeof text !== 'string' || text.length === 0) return this.http.reject(request, 400, 'text must be a non-empty string');
    // X counts with twitter-text, the library it publishes.
    const parsed = twitterText.parseTweet(text);
    if (!parsed.valid) return this.http.reject(request, 400, `text is ${parsed.weightedLength} weighted characters, more than 280 (or holds a refused character)`);
    if (this.posts.some((p) => p.text === text)) {
      return { status: 403, body: { detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 } };
    }
    const id = String(this.nextId++);
    this.posts.push({ id, text });
    return { status: 201, body: { data: { id, text, edit_history_tweet_ids: [id] } } };
  }

  private timeline(request: FakeRequest): FakeReply {
    const id = request.rawPath.split('/')[3] ?? '';
    if (!/^[0-9]{1,19}$/.test(id)) return this.http.reject(request, 400, `${id} is not a user id`);
    for (const name of request.query.keys()) if (!TIMELINE_QUERY.has(name)) return this.http.reject(request, 400, `GET /2/users/:id/tweets takes no ${name}`);
    const max = Number(request.query.get('max_results') ?? 10);
    if (!Number.isInteger(max) || max < 5 || max > 100) return this.http.reject(request, 400, 'max_results must be an integer from 5 to 100');
    const exclude = (request.query.get('exclude') ?? '').split(',').filter(Boolean);
    if (exclude.some((e) => e !== 'replies' && e !== 'retweets')) return this.http.reject(request, 400, 'exclude takes replies and retweets');
    if (id !== USER_ID) return { status: 200, body: { meta: { result_count: 0 } } };
    const latest = [...this.posts].reverse().slice(0, max);
    if (latest.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    // X shows every link as t.co and escapes &, < and >.
    const shown = latest.map((p) => ({ id: p.id, text: asShown(p.text), edit_history_tweet_ids: [p.id] }));
    return { status: 200, body: { data: shown, meta: { result_count: shown.length, newest_id: shown[0]?.id, oldest_id: shown[shown.length - 1]?.id } } };
  }

  /** OAuth 1.0a user context: the header's fields, the keys, and the HMAC-SHA1 signature itself. */
  private checkOAuth(request: FakeRequest): FakeReply | null {
    const header = String(request.headers.authorization ?? '');
    if (!header.startsWith('OAuth ')) return unauthorized();
    const fields = new Map(
      [...header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1] ?? '', decodeURIComponent(m[2] ?? '')]),
    );
    const required = ['oauth_consumer_key', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method', 'oauth_timestamp', 'oauth_token', 'oauth_version'];
    if (required.some((f) => !fields.has(f)) || fields.get('oauth_signature_method') !== 'HMAC-SHA1' || fields.get('oauth_version') !== '1.0') {
      return this.http.reject(request, 401, 'the OAuth 1.0a header lacks a required field');
    }
    if (fields.get('oauth_consumer_key') !== this.keys.appKey || fields.get('oauth_token') !== this.keys.accessToken) return unauthorized();
    const params = [...[...fields].filter(([k]) => k !== 'oauth_signature'), ...request.query.entries()]
      .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
      .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const base = [request.method, rfc3986(`${SIGNED_ORIGIN}${request.rawPath}`), rfc3986(params)].join('&');
    const expected = createHmac('sha1', `${rfc3986(this.keys.appSecret)}&${rfc3986(this.keys.accessSecret)}`).update(base).digest('base64');
    return expected === fields.get('oauth_signature') ? null : unauthorized();
  }
}

const unauthorized = (): FakeReply => ({ status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } });
const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const asShown = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/https?:\/\/\S+/g, () => 'https://t.co/AbCdEf1234');
