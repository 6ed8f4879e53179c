import { AnswerRepo } from './answer-repo.js';
import { openDatabase, type Db } from './database.js';
import { EventRepo } from './event-repo.js';
import { IssueChecklistRepo } from './issue-checklist-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { ReleaseRepo } from './release-repo.js';
import { SettingsRepo } from './settings-repo.js';
import { PollRepo } from './poll-repo.js';
import { PostLog } from './post-log.js';
import { redactingDb } from './redacting-db.js';
import { storageFaultOf, WriteHealth } from './write-health.js';

/** The SQLite store and its repositories. One instance per process, built by the composition root. */
export class Store {
  readonly releases: ReleaseRepo;
  readonly events: EventRepo;
  readonly answers: AnswerRepo;
  readonly outbox: OutboxRepo;
  readonly settings: SettingsRepo;
  readonly postLog: PostLog;
  readonly polls: PollRepo;
  /** Whether writes work now (a full disk, a read-only file): reported by the writers, read by health and status. */
  readonly writes = new WriteHealth();
  readonly issueChecklists: IssueChecklistRepo;

  readonly db: Db;

  /** `redact`: applied to every string written or looked up (the configured secrets never reach the file). */
  constructor(db: Db, redact?: (text: string) => string) {
    this.db = redact ? redactingDb(db, redact) : db;
    db = this.db;
    this.releases = new ReleaseRepo(db);
    this.events = new EventRepo(db);
    this.answers = new AnswerRepo(db);
    this.outbox = new OutboxRepo(db);
    this.settings = new SettingsRepo(db);
    this.postLog = new PostLog(db);
    this.polls = new PollRepo(db);
    this.issueChecklists = new IssueChecklistRepo(db);
  }

  static open(path: string, redact?: (text: string) => string): Store {
    return new Store(openDatabase(path), redact);
  }

  /** Run `work` in one IMMEDIATE transaction: all of it commits, or none of it. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    // Closing checkpoints the WAL, which can fail on a full disk; the commits are in the WAL all the same.
    if (!this.db.open) return;
    try {
      this.db.close();
    } catch (error) {
      if (storageFaultOf(error) === null) throw error;
    }
  }
}
