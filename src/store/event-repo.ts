import type { Db } from './database.js';

/** One line of a release's history: who did what, when, and why. */
export interface ReleaseEvent {
  readonly id: number;
  readonly releaseId: number | null;
  readonly at: number;
  readonly actor: string;
  readonly kind: string;
  readonly summary: string;
  readonly reason: string | null;
}

export type NewEvent = Omit<ReleaseEvent, 'id'>;

interface EventRow {
  id: number;
  release_id: number | null;
  at: number;
  actor: string;
  kind: string;
  summary: string;
  reason: string | null;
}

export class EventRepo {
  private readonly appendStmt;
  private readonly lastStmt;
  private readonly kindStmt;

  constructor(db: Db) {
    this.appendStmt = db.prepare(
      'INSERT INTO events (release_id, at, actor, kind, summary, reason) VALUES (@releaseId, @at, @actor, @kind, @summary, @reason)',
    );
    // Newest first through the index, then shown oldest first.
    this.lastStmt = db.prepare<[number, number], EventRow>(
      'SELECT * FROM events WHERE release_id = ? ORDER BY id DESC LIMIT ?',
    );
    this.kindStmt = db.prepare<[number, string], EventRow>('SELECT * FROM events WHERE release_id = ? AND kind = ? ORDER BY id');
  }

  /** Every event of one kind for a release, oldest first (e.g. the commits the leads chose to ignore). */
  ofKind(releaseId: number, kind: string): ReleaseEvent[] {
    return this.kindStmt.all(releaseId, kind).map(toEvent);
  }

  append(event: NewEvent): void {
    this.appendStmt.run(event);
  }

  /** The last `limit` events of a release, oldest first. */
  lastOf(releaseId: number, limit: number): ReleaseEvent[] {
    return this.lastStmt
      .all(releaseId, limit)
      .reverse()
      .map(toEvent);
  }
}

const toEvent = (r: EventRow): ReleaseEvent => ({ id: r.id, releaseId: r.release_id, at: r.at, actor: r.actor, kind: r.kind, summary: r.summary, reason: r.reason });
