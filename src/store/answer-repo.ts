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
    // One statement, so the check and the insert are one step even with another writer on the file. Only
    // the person's latest answer counts as "this one again": ok, issue, ok at one instant are three answers.
    this.insertStmt = db.prepare(
      `INSERT INTO answers (release_id, rc, stage, org, person, answer, note, at)
       SELECT @releaseId, @rc, @stage, @org, @person, @answer, @note, @at
       WHERE NOT EXISTS (
         SELECT 1 FROM (
           SELECT answer, note, at FROM answers
           WHERE release_id = @releaseId AND rc = @rc AND stage = @stage AND person = @person
           ORDER BY at DESC, id DESC LIMIT 1
         ) AS latest
         WHERE latest.at = @at AND latest.answer = @answer AND latest.note IS @note)`,
    );
    this.roundStmt = db.prepare<[number, number, number], { org: string; person: string; answer: TesterAnswer; note: string | null; at: number }>(
      'SELECT org, person, answer, note, at FROM answers WHERE release_id = ? AND rc = ? AND stage = ? ORDER BY at, id',
    );
  }

  /**
   * Record an answer; false if it is the person's latest answer in this round already (same time, answer
   * and note): the same message read twice, or by two writers, is one answer.
   */
  record(round: Round, answer: AnswerRecord): boolean {
    const { org, person, note, at } = answer;
    return this.insertStmt.run({ ...round, org, person, answer: answer.answer, note, at }).changes === 1;
  }

  forRound(round: Round): AnswerRecord[] {
    return this.roundStmt.all(round.releaseId, round.rc, round.stage);
  }
}
