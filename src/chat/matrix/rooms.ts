import type { MatrixClient } from 'matrix-bot-sdk';
import type { MatrixConfig } from '../../config/chat-config.js';
import type { Logger } from '../../log/logger.js';
import type { Audience } from '../../ground/effects.js';
import { errorSummary } from './sync-client.js';

/**
 * The configured rooms by audience, as names (room id or alias, what the outbox stores as target) and as
 * the room ids they resolve to on the homeserver. Also remembers which rooms are encrypted: the bot has
 * no keys there and must never post plaintext into them.
 */
export class RoomDirectory {
  private readonly ids = new Map<string, string>();
  private readonly encrypted = new Set<string>();
  private readonly checked = new Set<string>();

  constructor(
    private readonly rooms: MatrixConfig['rooms'],
    private readonly client: MatrixClient,
    private readonly log: Logger,
  ) {}

  /** The configured names for an audience. */
  namesFor(audience: Audience): readonly string[] {
    return this.rooms[audience];
  }

  /** Every configured name, once. */
  get allNames(): readonly string[] {
    return [...new Set([...this.rooms.release, ...this.rooms.announce, ...this.rooms.testers])];
  }

  /** Join every configured room (resolving aliases); a room that cannot be joined now is logged, not fatal. */
  async joinAll(): Promise<void> {
    // A room already joined is not joined again: a fresh join event would hide what was said before it.
    const joined = new Set(await this.client.getJoinedRooms());
    for (const name of this.allNames) {
      try {
        const known = await this.idOf(name).catch(() => undefined);
        const roomId = known && joined.has(known) ? known : await this.client.joinRoom(name);
        this.ids.set(name, roomId);
        if (await this.isEncrypted(roomId)) {
          this.log.error({ room: name, roomId }, 'matrix room is encrypted: the bot cannot read commands there and will not post into it');
        }
      } catch (error) {
        // The alias was resolved above if it exists, so an invite to that room will match its name.
        this.log.warn({ room: name, err: errorSummary(error) }, 'cannot join matrix room yet (a lead can invite the bot)');
      }
    }
  }

  /** The room id a configured name stands for, resolving an alias on first use. */
  async idOf(name: string): Promise<string> {
    const known = this.ids.get(name);
    if (known) return known;
    const roomId = name.startsWith('!') ? name : await this.client.resolveRoom(name);
    this.ids.set(name, roomId);
    return roomId;
  }

  /** After joining a room later (an accepted invite): resolve the configured aliases not known yet. */
  async resolveUnknown(): Promise<void> {
    for (const name of this.allNames) if (!this.ids.has(name)) await this.idOf(name).catch(() => undefined);
  }

  /** The configured name of a room id, if it is one of ours. */
  nameOf(roomId: string): string | undefined {
    for (const name of this.allNames) if (this.ids.get(name) === roomId || name === roomId) return name;
    return undefined;
  }

  /** The configured name of this room if commands are read in it (the release and testers rooms). */
  commandRoomName(roomId: string): string | undefined {
    const name = this.nameOf(roomId);
    return name !== undefined && (this.rooms.release.includes(name) || this.rooms.testers.includes(name)) ? name : undefined;
  }

  /** Seen in the sync stream: the room turned encryption on (it can never be turned off). */
  markEncrypted(roomId: string): void {
    if (!this.encrypted.has(roomId)) this.log.error({ roomId }, 'matrix room turned on encryption: the bot will not post into it');
    this.encrypted.add(roomId);
    this.checked.add(roomId);
  }

  /** Whether the room has m.room.encryption state; asked once per room, then kept up to date by the sync. */
  async isEncrypted(roomId: string): Promise<boolean> {
    if (!this.checked.has(roomId)) {
      try {
        await this.client.getRoomStateEvent(roomId, 'm.room.encryption', '');
        this.encrypted.add(roomId);
      } catch (error) {
        if ((error as { errcode?: string }).errcode !== 'M_NOT_FOUND') throw error;
      }
      this.checked.add(roomId);
    }
    return this.encrypted.has(roomId);
  }

  /** The first release room that is joined and not encrypted: where the leads are told about problems. */
  async plainReleaseRoom(): Promise<string | undefined> {
    for (const name of this.rooms.release) {
      const roomId = this.ids.get(name);
      if (roomId && !(await this.isEncrypted(roomId).catch(() => true))) return roomId;
    }
    return undefined;
  }
}
