import type { IFilterInfo, IStorageProvider } from 'matrix-bot-sdk';
import type { SettingsRepo } from '../../store/settings-repo.js';

/**
 * matrix-bot-sdk's state (the sync token, the filter, small values) kept in the SQLite settings table
 * instead of the SDK's JSON file: each write is atomic, so a crash never leaves a half-written token, and
 * the data directory keeps one database to back up.
 */
export class SettingsStorage implements IStorageProvider {
  constructor(
    private readonly settings: SettingsRepo,
    private readonly prefix = 'matrix.',
    /** Told of a write the store refused; true when it was a storage fault (a full disk). */
    private readonly storeFault: (error: unknown) => boolean = () => false,
  ) {}

  setSyncToken(token: string | null): void {
    try {
      this.settings.set(`${this.prefix}sync-token`, token ?? '');
    } catch (error) {
      // The SDK stores the token before it hands over the sync's events: a throw here on a full disk would
      // leave the bot deaf on Matrix. It keeps the token in memory, and a later sync stores it once there is room.
      if (!this.storeFault(error)) throw error;
    }
  }

  getSyncToken(): string | null {
    return this.settings.get(`${this.prefix}sync-token`) || null;
  }

  setFilter(filter: IFilterInfo): void {
    this.settings.set(`${this.prefix}filter`, JSON.stringify(filter));
  }

  getFilter(): IFilterInfo {
    const raw = this.settings.get(`${this.prefix}filter`);
    // The SDK treats a falsy filter as "none stored".
    return (raw ? JSON.parse(raw) : null) as IFilterInfo;
  }

  storeValue(key: string, value: string): void {
    this.settings.set(`${this.prefix}kv.${key}`, value);
  }

  readValue(key: string): string | null | undefined {
    return this.settings.get(`${this.prefix}kv.${key}`);
  }
}
