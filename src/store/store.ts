import { AnswerRepo } from './answer-repo.js';
import { openDatabase, type Db } from './database.js';
import { EventRepo } from './event-repo.js';
import { IssueChecklistRepo } from './issue-checklist-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { ReleaseRepo } from './release-repo.js';
import { SettingsRepo } from './settings-repo.js';
import { PollRepo } from './poll-repo.js';
import { PostLog } from './post-log.js';

/** The SQLite store and its repositories. One instance per process, built by the composition root. */
export class Store {
  readonly releases: ReleaseRepo;
  readonly events: EventRepo;
  readonly answers: AnswerRepo;
  readonly outbox: OutboxRepo;
  readonly settings: SettingsRepo;
  readonly postLog: PostLog;
  readonly polls: PollRepo;
  readonly issueChecklists: IssueChecklistRepo;

  constructor(readonly db: Db) {
    this.releases = new ReleaseRepo(db);
    this.events = new EventRepo(db);
    this.answers = new AnswerRepo(db);
    this.outbox = new OutboxRepo(db);
    this.settings = new SettingsRepo(db);
    this.postLog = new PostLog(db);
    this.polls = new PollRepo(db);
    this.issueChecklists = new IssueChecklistRepo(db);
  }

  static open(path: string): Store {
    return new Store(openDatabase(path));
  }

  /** Run `work` in one IMMEDIATE transaction: all of it commits, or none of it. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
