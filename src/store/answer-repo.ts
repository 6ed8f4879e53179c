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
    // One statement, so the check and the insert are one step even with another writer on the file.
    this.insertStmt = db.prepare(
      `INSERT INTO answers (release_id, rc, stage, org, person, answer, note, at)
       SELECT @releaseId, @rc, @stage, @org, @person, @answer, @note, @at
       WHERE NOT EXISTS (SELECT 1 FROM answers WHERE release_id = @releaseId AND rc = @rc AND stage = @stage
         AND person = @person AND at = @at AND answer = @answer AND note IS @note)`,
    );
    this.roundStmt = db.prepare<[number, number, number], { org: string; person: string; answer: TesterAnswer; note: string | null; at: number }>(
      'SELECT org, person, answer, note, at FROM answers WHERE release_id = ? AND rc = ? AND stage = ? ORDER BY at, id',
    );
  }

  /**
   * Record an answer; false if this very answer (same round, person, time, answer and note) is recorded
   * already: the same message read twice is one answer.
   */
  record(round: Round, answer: AnswerRecord): boolean {
    const { org, person, note, at } = answer;
    return this.insertStmt.run({ ...round, org, person, answer: answer.answer, note, at }).changes === 1;
  }

  forRound(round: Round): AnswerRecord[] {
    return this.roundStmt.all(round.releaseId, round.rc, round.stage);
  }
}
