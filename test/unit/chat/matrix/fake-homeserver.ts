/**
 * A small Matrix homeserver (client-server API v3, the endpoints the adapter uses) on node:http, for unit
 * tests. It keeps rooms, membership, state and one event stream, answers /sync as a long-poll, dedupes
 * sends by transaction id as Synapse does, and can be told to rate-limit sends or fail syncs. Every request
 * is recorded, checked for the bearer token, and an endpoint it does not know is a 404 the tests can see.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SERVER_NAME = 'fake.test';

export interface FakeEvent {
  type: string;
  event_id: string;
  sender: string;
  origin_server_ts: number;
  room_id: string;
  content: Record<string, unknown>;
  state_key?: string;
}

interface Room {
  readonly id: string;
  readonly aliases: string[];
  readonly state: Map<string, FakeEvent>;
  readonly timeline: FakeEvent[];
  readonly inviteOnly: boolean;
  invitedBy: string | undefined;
}

interface StreamItem {
  readonly pos: number;
  readonly roomId: string;
  readonly kind: 'timeline' | 'invite';
  readonly event: FakeEvent;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  body: unknown;
  /** The status the fake answered with. */
  status: number;
}

interface PendingSync {
  readonly since: number;
  readonly limit: number;
  readonly res: ServerResponse;
  readonly reply: (status: number, body: unknown) => void;
  timer?: NodeJS.Timeout;
}

export class FakeHomeserver {
  readonly token = 'bot-secret-token';
  readonly botUserId = `@stagehand:${SERVER_NAME}`;
  readonly requests: RecordedRequest[] = [];
  /** Sends to refuse with M_LIMIT_EXCEEDED before accepting again, and the wait to ask for. */
  rateLimitSends = 0;
  retryAfterMs: number | undefined = 3_000;
  /** Answer /sync with this HTTP status instead (a homeserver in trouble); null: answer normally. */
  failSyncsWith: number | null = null;
  /** Answer every request with this status (a proxy in front of a homeserver that is restarting). */
  down: number | null = null;
  private readonly rooms = new Map<string, Room>();
  private readonly stream: StreamItem[] = [];
  private readonly txns = new Map<string, string>();
  /** Stream position of each event: /messages and /sync tokens are positions. */
  private readonly posOf = new Map<string, number>();
  private readonly filters: unknown[] = [];
  private readonly pending: PendingSync[] = [];
  private readonly waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  private seq = 0;
  private server!: Server;
  url = '';

  constructor(private readonly now: () => number = () => Date.now()) {}

  async listen(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.res.destroy();
    }
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- test controls ---------------------------------------------------------------------------------

  createRoom(options: { alias?: string; encrypted?: boolean; inviteOnly?: boolean; creator?: string } = {}): string {
    const id = `!room${++this.seq}:${SERVER_NAME}`;
    const room: Room = { id, aliases: options.alias ? [options.alias] : [], state: new Map(), timeline: [], inviteOnly: options.inviteOnly ?? false, invitedBy: undefined };
    this.rooms.set(id, room);
    const creator = options.creator ?? `@admin:${SERVER_NAME}`;
    this.append(room, { type: 'm.room.create', sender: creator, state_key: '', content: { creator } });
    if (options.encrypted) this.append(room, { type: 'm.room.encryption', sender: creator, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } });
    return id;
  }

  /** A user (not the bot) joins with a display name. */
  join(roomId: string, userId: string, displayname?: string): void {
    this.append(this.room(roomId), { type: 'm.room.member', sender: userId, state_key: userId, content: { membership: 'join', ...(displayname ? { displayname } : {}) } });
  }

  /** A user sends any room event (a poll vote); returns the event. */
  emit(roomId: string, sender: string, type: string, content: Record<string, unknown>, ts = this.now()): FakeEvent {
    return this.append(this.room(roomId), { type, sender, content }, ts);
  }

  /** Every event the bot sent into a room (messages and polls), oldest first. */
  botEvents(roomId: string): FakeEvent[] {
    return this.room(roomId).timeline.filter((e) => e.sender === this.botUserId && e.state_key === undefined);
  }

  /** A user posts into a room; returns the event. */
  say(roomId: string, sender: string, content: Record<string, unknown>, ts = this.now()): FakeEvent {
    return this.append(this.room(roomId), { type: 'm.room.message', sender, content }, ts);
  }

  turnOnEncryption(roomId: string, by: string): void {
    this.append(this.room(roomId), { type: 'm.room.encryption', sender: by, state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } });
  }

  invite(roomId: string, inviter: string): void {
    const room = this.room(roomId);
    room.invitedBy = inviter;
    const event = this.makeEvent(room, { type: 'm.room.member', sender: inviter, state_key: this.botUserId, content: { membership: 'invite' } });
    this.stream.push({ pos: ++this.seq, roomId, kind: 'invite', event });
    this.answerSyncs();
  }

  isJoined(roomId: string): boolean {
    return this.room(roomId).state.get(`m.room.member\n${this.botUserId}`)?.content['membership'] === 'join';
  }

  isInvited(roomId: string): boolean {
    return this.room(roomId).invitedBy !== undefined;
  }

  /** The messages the bot posted into a room, oldest first. */
  botMessages(roomId: string): FakeEvent[] {
    return this.room(roomId).timeline.filter((e) => e.type === 'm.room.message' && e.sender === this.botUserId);
  }

  /** The homeserver forgets transaction ids (as Synapse does after a while, or across a restart). */
  forgetTransactions(): void {
    this.txns.clear();
  }

  sends(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'PUT' && r.path.includes('/send/'));
  }

  /** Requests to endpoints the fake does not implement (a test asserts there are none). */
  unknownRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.status === 404 && !KNOWN_404.some((re) => re.test(r.path)));
  }

  /** Resolves with the first recorded request (past or future) that matches. */
  waitForRequest(match: (r: RecordedRequest) => boolean, after = 0): Promise<RecordedRequest> {
    const seen = this.requests.slice(after).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Resolves once `count` sends have been answered. */
  waitForSends(count: number): Promise<RecordedRequest> {
    let n = 0;
    return this.waitForRequest((r) => r.method === 'PUT' && r.path.includes('/send/') && ++n === count);
  }

  // --- HTTP ------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const record: RecordedRequest = { method: req.method ?? '', path: url.pathname, query: url.searchParams, body: undefined, status: 0 };
    this.requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      if (!res.destroyed) res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
      for (const w of [...this.waiters]) {
        if (w.match(record)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(record);
        }
      }
    };
    if (this.down !== null) return reply(this.down, { errcode: 'M_UNKNOWN', error: 'Bad gateway' });
    if (req.headers.authorization !== `Bearer ${this.token}`) return reply(401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token' });
    if (raw) {
      if (!String(req.headers['content-type']).startsWith('application/json')) return reply(400, { errcode: 'M_NOT_JSON', error: 'Content-Type must be JSON' });
      try {
        record.body = JSON.parse(raw);
      } catch {
        return reply(400, { errcode: 'M_NOT_JSON', error: 'Content not JSON.' });
      }
    }
    try {
      this.route(req.method ?? '', url, record, res, reply);
    } catch (error) {
      if (error instanceof HttpError) return reply(error.status, { errcode: error.errcode, error: error.message });
      throw error;
    }
  }

  private route(method: string, url: URL, record: RecordedRequest, res: ServerResponse, reply: (s: number, b: unknown, h?: Record<string, string>) => void): void {
    const path = url.pathname;
    const parts = path.split('/').map((p) => decodeURIComponent(p));
    const at = (re: RegExp): boolean => re.test(path);
    if (method === 'GET' && path === '/_matrix/client/v3/account/whoami') return reply(200, { user_id: this.botUserId, device_id: 'FAKEDEVICE' });
    if (method === 'GET' && path === '/_matrix/client/v3/joined_rooms') return reply(200, { joined_rooms: [...this.rooms.values()].filter((r) => this.isJoined(r.id)).map((r) => r.id) });
    if (method === 'GET' && at(/^\/_matrix\/client\/v3\/user\/[^/]+\/account_data\/[^/]+$/)) throw new HttpError(404, 'M_NOT_FOUND', 'Account data not found');
    if (method === 'GET' && at(/^\/_matrix\/client\/v3\/directory\/room\/[^/]+$/)) return reply(200, { room_id: this.resolve(parts[6]!).id, servers: [SERVER_NAME] });
    if (method === 'POST' && at(/^\/_matrix\/client\/v3\/join\/[^/]+$/)) return reply(200, { room_id: this.botJoins(parts[5]!) });
    if (method === 'POST' && at(/^\/_matrix\/client\/v3\/rooms\/[^/]+\/leave$/)) return reply(200, this.botLeaves(parts[5]!));
    if (method === 'GET' && at(/^\/_matrix\/client\/v3\/rooms\/[^/]+\/state\/[^/]+\/[^/]*$/)) return reply(200, this.stateOf(parts[5]!, parts[7]!, parts[8] ?? ''));
    if (method === 'PUT' && at(/^\/_matrix\/client\/v3\/rooms\/[^/]+\/send\/[^/]+\/[^/]+$/)) return this.send(parts[5]!, parts[7]!, parts[8]!, record.body, reply);
    if (method === 'GET' && at(/^\/_matrix\/client\/v3\/rooms\/[^/]+\/messages$/)) return reply(200, this.messages(parts[5]!, url.searchParams));
    if (method === 'POST' && at(/^\/_matrix\/client\/v3\/user\/[^/]+\/filter$/)) {
      if (parts[5] !== this.botUserId) throw new HttpError(403, 'M_FORBIDDEN', 'Cannot create filters for other users');
      this.filters.push(record.body);
      return reply(200, { filter_id: String(this.filters.length - 1) });
    }
    if (method === 'GET' && path === '/_matrix/client/v3/sync') return this.sync(url.searchParams, res, reply);
    throw new HttpError(404, 'M_UNRECOGNIZED', `Unrecognized request: ${method} ${path}`);
  }

  private send(roomId: string, type: string, txnId: string, body: unknown, reply: (s: number, b: unknown, h?: Record<string, string>) => void): void {
    const room = this.room(roomId);
    if (!this.isJoined(roomId)) throw new HttpError(403, 'M_FORBIDDEN', 'User not in room');
    if (!body || typeof body !== 'object') throw new HttpError(400, 'M_BAD_JSON', 'Content must be an object');
    const content = body as Record<string, unknown>;
    if (type === 'm.room.message' && (typeof content['msgtype'] !== 'string' || typeof content['body'] !== 'string')) throw new HttpError(400, 'M_BAD_JSON', 'm.room.message needs msgtype and body');
    if (!['m.room.message', 'org.matrix.msc3381.poll.start', 'org.matrix.msc3381.poll.end'].includes(type)) throw new HttpError(400, 'M_BAD_JSON', `this fake takes no ${type} from the bot`);
    checkPollContent(type, content);
    // Synapse refuses a PDU over 65,536 bytes of canonical JSON (M_TOO_LARGE); the envelope around the content
    // (ids, hashes, signatures, prev/auth events) is counted here as a fixed 1 KiB.
    if (Buffer.byteLength(JSON.stringify(content)) + 1024 > 65_536) throw new HttpError(413, 'M_TOO_LARGE', 'event too large');
    const known = this.txns.get(txnId);
    if (known) return reply(200, { event_id: known });
    if (this.rateLimitSends > 0) {
      this.rateLimitSends -= 1;
      const headers: Record<string, string> = this.retryAfterMs === undefined ? {} : { 'Retry-After': String(Math.ceil(this.retryAfterMs / 1000)) };
      return reply(429, { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', ...(this.retryAfterMs === undefined ? {} : { retry_after_ms: this.retryAfterMs }) }, headers);
    }
    const event = this.append(room, { type, sender: this.botUserId, content });
    this.txns.set(txnId, event.event_id);
    reply(200, { event_id: event.event_id });
  }

  private messages(roomId: string, query: URLSearchParams): unknown {
    const room = this.room(roomId);
    if (!this.isJoined(roomId)) throw new HttpError(403, 'M_FORBIDDEN', 'User not in room');
    if (query.get('dir') !== 'b') throw new HttpError(400, 'M_INVALID_PARAM', 'this fake pages backwards only (dir=b)');
    const limit = Number(query.get('limit') ?? 10);
    const from = query.has('from') ? Number(query.get('from')) : Infinity;
    const to = query.has('to') ? Number(query.get('to')) : -Infinity;
    if (Number.isNaN(from) || Number.isNaN(to)) throw new HttpError(400, 'M_INVALID_PARAM', 'bad pagination token');
    // Tokens sit between events: `from` returns events before it, `to` stops at events after it.
    const older = room.timeline.filter((e) => this.pos(e) < from && this.pos(e) > to).reverse();
    const chunk = older.slice(0, limit);
    const last = chunk[chunk.length - 1];
    return { start: String(from), chunk, ...(last && older.length > limit ? { end: String(this.pos(last)) } : {}) };
  }

  private sync(query: URLSearchParams, res: ServerResponse, reply: (s: number, b: unknown) => void): void {
    if (this.failSyncsWith !== null) throw new HttpError(this.failSyncsWith, 'M_UNKNOWN', 'Homeserver in trouble');
    const since = query.has('since') ? Number(query.get('since')) : -1;
    const hold = Math.min(Number(query.get('timeout') ?? 0), 30_000);
    if (since >= 0 && hold > 0 && !this.stream.some((i) => i.pos > since)) {
      // The long-poll: answered as soon as something happens, or empty when the client's timeout is up.
      const entry: PendingSync = { since, limit: this.timelineLimit(query), res, reply };
      entry.timer = setTimeout(() => this.answer(entry), hold);
      this.pending.push(entry);
      return;
    }
    reply(200, this.syncBody(since, this.timelineLimit(query)));
  }

  private answerSyncs(): void {
    for (const entry of [...this.pending]) this.answer(entry);
  }

  private answer(entry: PendingSync): void {
    const index = this.pending.indexOf(entry);
    if (index === -1) return;
    this.pending.splice(index, 1);
    clearTimeout(entry.timer);
    if (this.failSyncsWith !== null) return entry.reply(this.failSyncsWith, { errcode: 'M_UNKNOWN', error: 'Homeserver in trouble' });
    entry.reply(200, this.syncBody(entry.since, entry.limit));
  }

  private pos(event: FakeEvent): number {
    return this.posOf.get(event.event_id) ?? 0;
  }

  /** Synapse's default timeline limit is 10; a filter can raise it. */
  private timelineLimit(query: URLSearchParams): number {
    const filter = this.filters[Number(query.get('filter') ?? -1)] as { room?: { timeline?: { limit?: number } } } | undefined;
    return filter?.room?.timeline?.limit ?? 10;
  }

  private syncBody(since: number, limit: number): unknown {
    const join: Record<string, unknown> = {};
    const invite: Record<string, unknown> = {};
    for (const item of this.stream) {
      if (item.pos <= since) continue;
      if (item.kind === 'invite') {
        if (this.room(item.roomId).invitedBy !== undefined) invite[item.roomId] = { invite_state: { events: [item.event] } };
        continue;
      }
      if (!this.isJoined(item.roomId)) continue;
      const room = (join[item.roomId] ??= { timeline: { events: [], limited: false }, state: { events: [] } }) as { timeline: { events: FakeEvent[] } };
      if (item.event.type === 'm.room.member' && item.event.state_key === this.botUserId && item.event.content['membership'] === 'join') {
        // Like Synapse, a room joined in this batch comes with its recent history from before the join.
        const timeline = this.room(item.roomId).timeline;
        const at = timeline.indexOf(item.event);
        room.timeline.events = timeline.slice(Math.max(0, at - RECENT_HISTORY), at);
      }
      room.timeline.events.push(item.event);
    }
    for (const room of Object.values(join) as { timeline: { events: FakeEvent[]; limited: boolean; prev_batch?: string } }[]) {
      if (room.timeline.events.length <= limit) continue;
      // Too much happened: only the latest events, and a token to page back from for the rest.
      room.timeline.events = room.timeline.events.slice(-limit);
      room.timeline.limited = true;
      room.timeline.prev_batch = String(this.pos(room.timeline.events[0]!));
    }
    return { next_batch: String(this.seq), rooms: { join, invite, leave: {} }, account_data: { events: [] } };
  }

  // --- rooms -----------------------------------------------------------------------------------------

  private room(roomId: string): Room {
    const room = this.rooms.get(roomId);
    if (!room) throw new HttpError(404, 'M_NOT_FOUND', `Unknown room ${roomId}`);
    return room;
  }

  private resolve(idOrAlias: string): Room {
    if (idOrAlias.startsWith('!')) return this.room(idOrAlias);
    const room = [...this.rooms.values()].find((r) => r.aliases.includes(idOrAlias));
    if (!room) throw new HttpError(404, 'M_NOT_FOUND', `Room alias ${idOrAlias} not found`);
    return room;
  }

  private botJoins(idOrAlias: string): string {
    const room = this.resolve(idOrAlias);
    if (this.isJoined(room.id)) return room.id;
    if (room.inviteOnly && room.invitedBy === undefined) throw new HttpError(403, 'M_FORBIDDEN', 'You are not invited to this room.');
    room.invitedBy = undefined;
    this.append(room, { type: 'm.room.member', sender: this.botUserId, state_key: this.botUserId, content: { membership: 'join' } });
    return room.id;
  }

  private botLeaves(roomId: string): Record<string, never> {
    const room = this.room(roomId);
    room.invitedBy = undefined;
    this.append(room, { type: 'm.room.member', sender: this.botUserId, state_key: this.botUserId, content: { membership: 'leave' } });
    return {};
  }

  private stateOf(roomId: string, type: string, stateKey: string): unknown {
    const event = this.room(roomId).state.get(`${type}\n${stateKey}`);
    if (!event) throw new HttpError(404, 'M_NOT_FOUND', 'Event not found.');
    return event.content;
  }

  private makeEvent(room: Room, e: Omit<FakeEvent, 'event_id' | 'origin_server_ts' | 'room_id'>, ts = this.now()): FakeEvent {
    return { ...e, event_id: `$event${++this.seq}`, origin_server_ts: ts, room_id: room.id };
  }

  private append(room: Room, e: Omit<FakeEvent, 'event_id' | 'origin_server_ts' | 'room_id'>, ts = this.now()): FakeEvent {
    const event = this.makeEvent(room, e, ts);
    room.timeline.push(event);
    this.posOf.set(event.event_id, this.seq);
    if (event.state_key !== undefined) room.state.set(`${event.type}\n${event.state_key}`, event);
    this.stream.push({ pos: this.seq, roomId: room.id, kind: 'timeline', event });
    this.answerSyncs();
    return event;
  }
}

const RECENT_HISTORY = 10;

/** 404s that are answers (no such state, no account data), not unknown endpoints. */
const KNOWN_404 = [/\/state\//, /\/account_data\//, /\/directory\/room\//];

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a client needs to show a poll (MSC3381, as Element reads it): a start with a question and answers
 * each with an id and text, and an end that references the start. Anything short of that is refused.
 */
function checkPollContent(type: string, content: Record<string, unknown>): void {
  const text = 'org.matrix.msc1767.text';
  if (type === 'org.matrix.msc3381.poll.start') {
    const poll = content[type] as { kind?: unknown; max_selections?: unknown; question?: Record<string, unknown>; answers?: unknown } | undefined;
    const answers = Array.isArray(poll?.answers) ? (poll.answers as Record<string, unknown>[]) : [];
    const valid =
      poll !== undefined &&
      (poll.kind === 'org.matrix.msc3381.poll.disclosed' || poll.kind === 'org.matrix.msc3381.poll.undisclosed') &&
      typeof poll.max_selections === 'number' &&
      typeof poll.question?.[text] === 'string' &&
      answers.length >= 1 &&
      answers.every((a) => typeof a['id'] === 'string' && typeof a[text] === 'string') &&
      typeof content[text] === 'string';
    if (!valid) throw new HttpError(400, 'M_BAD_JSON', 'not an MSC3381 poll start');
  }
  if (type === 'org.matrix.msc3381.poll.end') {
    const relation = content['m.relates_to'] as { rel_type?: unknown; event_id?: unknown } | undefined;
    if (relation?.rel_type !== 'm.reference' || typeof relation.event_id !== 'string' || typeof content[text] !== 'string') {
      throw new HttpError(400, 'M_BAD_JSON', 'a poll end must reference its start and carry text');
    }
  }
}
