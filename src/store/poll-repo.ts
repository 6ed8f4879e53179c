import type { Db } from './database.js';

/** A Matrix poll the bot sent: which testers' round (release, RC, stage) it asks about. */
export interface StoredPoll {
  readonly eventId: string;
  readonly roomId: string;
  /** The poll-start effect's key before fan-out. */
  readonly startKey: string;
  readonly release: string;
  readonly rc: number;
  readonly stage: number;
  /** When the poll-end was sent (votes after it do not count); null while open. */
  readonly endedAt: number | null;
}

interface Row {
  event_id: string;
  room_id: string;
  start_key: string;
  release: string;
  rc: number;
  stage: number;
  ended_at: number | null;
}

const toPoll = (r: Row): StoredPoll => ({ eventId: r.event_id, roomId: r.room_id, startKey: r.start_key, release: r.release, rc: r.rc, stage: r.stage, endedAt: r.ended_at });

/** The Matrix polls sent, and whom the bot told that their vote does not count (once per person and poll). */
export class PollRepo {
  private readonly insertStmt;
  private readonly byEventStmt;
  private readonly byStartStmt;
  private readonly endStmt;
  private readonly explainStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      'INSERT INTO matrix_polls (event_id, room_id, start_key, release, rc, stage) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.byEventStmt = db.prepare<[string], Row>('SELECT * FROM matrix_polls WHERE event_id = ?');
    this.byStartStmt = db.prepare<[string, string], Row>('SELECT * FROM matrix_polls WHERE start_key = ? AND room_id = ?');
    this.endStmt = db.prepare('UPDATE matrix_polls SET ended_at = ? WHERE event_id = ? AND ended_at IS NULL');
    this.explainStmt = db.prepare('INSERT INTO matrix_poll_explained (event_id, sender) VALUES (?, ?) ON CONFLICT DO NOTHING');
  }

  /** Idempotent: a poll found again after a crash is recorded once. */
  record(poll: Omit<StoredPoll, 'endedAt'>): void {
    this.insertStmt.run(poll.eventId, poll.roomId, poll.startKey, poll.release, poll.rc, poll.stage);
  }

  byEvent(eventId: string): StoredPoll | undefined {
    const row = this.byEventStmt.get(eventId);
    return row ? toPoll(row) : undefined;
  }

  byStart(startKey: string, roomId: string): StoredPoll | undefined {
    const row = this.byStartStmt.get(startKey, roomId);
    return row ? toPoll(row) : undefined;
  }

  markEnded(eventId: string, at: number): void {
    this.endStmt.run(at, eventId);
  }

  /** True the first time for this person and poll, false after. */
  firstExplanation(eventId: string, sender: string): boolean {
    return this.explainStmt.run(eventId, sender).changes > 0;
  }
}
