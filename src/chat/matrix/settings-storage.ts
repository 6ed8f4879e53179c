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
  ) {}

  setSyncToken(token: string | null): void {
    this.settings.set(`${this.prefix}sync-token`, token ?? '');
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
