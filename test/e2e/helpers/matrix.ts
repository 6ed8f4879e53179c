/**
 * Real Matrix users for e2e tests: registered through Synapse's shared-secret admin API, talking over the
 * plain client-server API with fetch (no SDK in between, so a test sees exactly what the server stored).
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { SynapseInfo } from './servers.js';

export interface MatrixEvent {
  readonly event_id: string;
  readonly type: string;
  readonly sender: string;
  readonly origin_server_ts: number;
  readonly content: Record<string, unknown> & { body?: string; formatted_body?: string; msgtype?: string };
}

export class MatrixError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Register `localpart` with the shared secret; `admin` users can use the admin API. */
export async function registerMatrixUser(hs: SynapseInfo, localpart: string, options: { admin?: boolean } = {}): Promise<MatrixUser> {
  const endpoint = `${hs.url}/_synapse/admin/v1/register`;
  const { nonce } = (await (await fetch(endpoint)).json()) as { nonce: string };
  const password = randomUUID();
  const admin = options.admin ?? false;
  const mac = createHmac('sha1', hs.sharedSecret)
    .update([nonce, localpart, password, admin ? 'admin' : 'notadmin'].join('\0'))
    .digest('hex');
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nonce, username: localpart, password, admin, mac }),
  });
  const body = (await res.json()) as { user_id?: string; access_token?: string; error?: string };
  if (!res.ok || !body.user_id || !body.access_token) throw new Error(`registering ${localpart} failed: ${res.status} ${JSON.stringify(body)}`);
  return new MatrixUser(hs, body.user_id, body.access_token);
}

export class MatrixUser {
  constructor(
    readonly hs: SynapseInfo,
    readonly userId: string,
    readonly accessToken: string,
  ) {}

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.hs.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new MatrixError(res.status, json['errcode'] as string | undefined, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  }

  /** Admin only: lift every rate limit for `userId` (messages, joins...), as a test user needs. */
  async removeRateLimits(userId: string): Promise<void> {
    await this.request('POST', `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`, { messages_per_second: 0, burst_count: 0 });
  }

  /** A public room (anyone may join, as the bot does at start) with a local alias. */
  async createRoom(aliasLocalpart: string, options: { invite?: string[]; encrypted?: boolean } = {}): Promise<string> {
    const { room_id } = await this.request<{ room_id: string }>('POST', '/_matrix/client/v3/createRoom', {
      preset: 'public_chat',
      room_alias_name: aliasLocalpart,
      name: aliasLocalpart,
      invite: options.invite ?? [],
      ...(options.encrypted ? { initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }] } : {}),
    });
    return room_id;
  }

  async join(roomIdOrAlias: string): Promise<string> {
    const { room_id } = await this.request<{ room_id: string }>('POST', `/_matrix/client/v3/join/${encodeURIComponent(roomIdOrAlias)}`, {});
    return room_id;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.request('POST', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, { user_id: userId });
  }

  async say(roomId: string, text: string): Promise<string> {
    const { event_id } = await this.request<{ event_id: string }>(
      'PUT',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${randomUUID()}`,
      { msgtype: 'm.text', body: text },
    );
    return event_id;
  }

  async members(roomId: string): Promise<string[]> {
    const { joined } = await this.request<{ joined: Record<string, unknown> }>('GET', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`);
    return Object.keys(joined);
  }

  /** A vote on a poll, as Element sends it (MSC3381's unstable response event). */
  async vote(roomId: string, pollEventId: string, answerId: string): Promise<string> {
    const { event_id } = await this.request<{ event_id: string }>(
      'PUT',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/org.matrix.msc3381.poll.response/${randomUUID()}`,
      { 'm.relates_to': { rel_type: 'm.reference', event_id: pollEventId }, 'org.matrix.msc3381.poll.response': { answers: [answerId] } },
    );
    return event_id;
  }

  /** The room's last `limit` events of `type`, oldest first. */
  async eventsOfType(roomId: string, type: string, limit = 100): Promise<MatrixEvent[]> {
    const { chunk } = await this.request<{ chunk: MatrixEvent[] }>(
      'GET',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=${limit}`,
    );
    return chunk.filter((e) => e.type === type).reverse();
  }

  /** The room's last `limit` m.room.message events, oldest first. */
  async messages(roomId: string, limit = 100): Promise<MatrixEvent[]> {
    const { chunk } = await this.request<{ chunk: MatrixEvent[] }>(
      'GET',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=${limit}`,
    );
    return chunk.filter((e) => e.type === 'm.room.message').reverse();
  }
}
