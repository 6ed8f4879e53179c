import type { Db } from './database.js';

/** The release issue as Stagehand last saw it, and the stage items it ticked there itself. */
export interface IssueChecklistRecord {
  /** `v0.5.0` */
  readonly release: string;
  readonly issueNumber: number | null;
  /** The body as last read back from GitHub (in local mode, the dry run's copy). */
  readonly body: string;
  /** Keys (see src/text/checklist-scan.ts) of the stage items Stagehand set ticked. */
  readonly ticked: ReadonlySet<string>;
  readonly readAt: number;
}

/** Where a publisher keeps the release issues it writes (the store's repo; a Map in tests without a store). */
export interface IssueChecklistMemory {
  get(release: string): IssueChecklistRecord | undefined;
  put(record: IssueChecklistRecord): void;
}

interface Row {
  release: string;
  issue_number: number | null;
  body: string;
  ticked: string;
  read_at: number;
}

/** A memory that lasts as long as the process, for parts built without a store (tests of the config and publisher). */
export function inMemoryChecklists(): IssueChecklistMemory {
  const records = new Map<string, IssueChecklistRecord>();
  return { get: (release) => records.get(release), put: (record) => void records.set(record.release, record) };
}

export class IssueChecklistRepo implements IssueChecklistMemory {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM issue_checklists WHERE release = ?');
    this.putStmt = db.prepare(
      `INSERT INTO issue_checklists (release, issue_number, body, ticked, read_at) VALUES (@release, @issue_number, @body, @ticked, @read_at)
       ON CONFLICT (release) DO UPDATE SET issue_number = excluded.issue_number, body = excluded.body, ticked = excluded.ticked, read_at = excluded.read_at`,
    );
  }

  get(release: string): IssueChecklistRecord | undefined {
    const row = this.getStmt.get(release);
    if (!row) return undefined;
    const keys = JSON.parse(row.ticked) as unknown;
    return {
      release: row.release,
      issueNumber: row.issue_number,
      body: row.body,
      ticked: new Set(Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : []),
      readAt: row.read_at,
    };
  }

  put(record: IssueChecklistRecord): void {
    this.putStmt.run({ release: record.release, issue_number: record.issueNumber, body: record.body, ticked: JSON.stringify([...record.ticked]), read_at: record.readAt });
  }
}
