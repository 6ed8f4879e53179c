import type { Db } from './database.js';

/**
 * The one place stored text passes: every statement prepared on the returned database has its string
 * parameters (and the strings inside named-parameter objects) passed through `redact` before SQLite sees
 * them. Whatever a repository writes — an outbox error, a queued notice or checklist comment, an event's
 * reason, a release's override, a tester's note — cannot put a configured secret in the file. Lookups go
 * through it too, so a key is found the way it was written.
 */
export function redactingDb(db: Db, redact: (text: string) => string): Db {
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => redactingStatement(prepare(source), redact)) as Db['prepare'];
  return db;
}

type Statement = ReturnType<Db['prepare']>;

function redactingStatement(statement: Statement, redact: (text: string) => string): Statement {
  const param = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, typeof item === 'string' ? redact(item) : item]));
  };
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const call = statement[method].bind(statement) as (...params: unknown[]) => unknown;
    Object.defineProperty(statement, method, { value: (...params: unknown[]) => call(...params.map(param)), configurable: true, writable: true });
  }
  return statement;
}
