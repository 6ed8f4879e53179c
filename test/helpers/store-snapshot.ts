/** Every table's rows, sorted: compared before and after a refused command, it shows nothing changed. */
import type { Store } from '../../src/store/store.js';

export function snapshotStore(store: Store): Record<string, string[]> {
  const { db } = store;
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      db
        .prepare(`SELECT * FROM "${name}"`)
        .all()
        .map((row) => JSON.stringify(row))
        // Where the Matrix sync has read up to moves with every event anyone sends: not release state.
        .filter((row) => !row.startsWith('{"key":"matrix.sync-token"'))
        .sort(),
    ]),
  );
}
