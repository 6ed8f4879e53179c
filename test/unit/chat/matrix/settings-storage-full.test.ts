/**
 * matrix-bot-sdk stores the sync token before it hands over a sync's events: on a store that refuses
 * writes, storing it must not throw (the bot would go deaf on Matrix for the whole outage); the fault is
 * reported, and other errors still throw.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { SettingsStorage } from '../../../../src/chat/matrix/settings-storage.js';
import { Store } from '../../../../src/store/store.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0);
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function readOnlyStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'stagehand-matrix-full-'));
  const store = Store.open(join(dir, 'stagehand.db'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
  store.settings.set('matrix.sync-token', 's1');
  store.db.pragma('query_only = 1');
  return store;
}

it('keeps syncing when the store refuses the token, and reports the fault once', () => {
  const store = readOnlyStore();
  const storage = new SettingsStorage(store.settings, undefined, (error) => store.writes.failed(error, T0) !== null);
  expect(() => storage.setSyncToken('s2')).not.toThrow();
  expect(() => storage.setSyncToken('s3')).not.toThrow();
  expect(store.writes.outage).toMatchObject({ since: T0, fault: { kind: 'read-only', code: 'SQLITE_READONLY' } });
  // Stored again once writes work.
  store.db.pragma('query_only = 0');
  storage.setSyncToken('s4');
  expect(storage.getSyncToken()).toBe('s4');
});

it('still throws what is not a storage fault', () => {
  const store = readOnlyStore();
  const storage = new SettingsStorage(store.settings, undefined, () => false);
  expect(() => storage.setSyncToken('s2')).toThrow(/readonly/);
});
