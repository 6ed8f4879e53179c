import type { AnswerRecord, TesterAnswer } from '../release/signoff.js';
import type { Stage } from '../release/stages.js';
import type { Db } from './database.js';

export interface Round {
  readonly releaseId: number;
  readonly rc: number;
  readonly stage: Stage;
}

/** Early testers' answers, kept per release, RC and stage; never carried over between RCs. */
export class AnswerRepo {
  private readonly insertStmt;
  private readonly roundStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      'INSERT INTO answers (release_id, rc, stage, org, person, answer, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.roundStmt = db.prepare<[number, number, number], { org: string; person: string; answer: TesterAnswer; note: string | null; at: number }>(
      'SELECT org, person, answer, note, at FROM answers WHERE release_id = ? AND rc = ? AND stage = ? ORDER BY at, id',
    );
  }

  record(round: Round, answer: AnswerRecord): void {
    this.insertStmt.run(round.releaseId, round.rc, round.stage, answer.org, answer.person, answer.answer, answer.note, answer.at);
  }

  forRound(round: Round): AnswerRecord[] {
    return this.roundStmt.all(round.releaseId, round.rc, round.stage);
  }
}
