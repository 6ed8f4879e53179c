import type { KnownRelease } from '../release/engine.js';
import type { ReleaseProcess } from '../release/process.js';
import type { Stage } from '../release/stages.js';
import type { Release, ReleaseStatus, StageVisit } from '../release/types.js';
import { formatVersion, type ReleaseKind, type Version } from '../release/version.js';
import type { Db } from './database.js';

/** Where a release came from: started here, imported as history (GitHub tags, the history file), or adopted in flight. */
export type ReleaseOrigin = 'stagehand' | 'github' | 'history-file' | 'adopted';

export interface StoredRelease extends Release {
  readonly id: number;
  readonly origin: ReleaseOrigin;
}

/** Another writer changed the release between our read and our write. */
export class StaleReleaseError extends Error {}

interface ReleaseRow {
  id: number;
  major: number;
  minor: number;
  patch: number;
  kind: ReleaseKind;
  process: ReleaseProcess;
  origin: ReleaseOrigin;
  rc: number;
  stage: Stage;
  status: ReleaseStatus;
  created_at: number;
  created_by: string;
  ended_at: number | null;
  completed_stages: string;
  revision: number;
}

interface VisitRow {
  rc: number;
  stage: Stage;
  entered_at: number;
  left_at: number | null;
  expected_ms: number | null;
  exit: StageVisit['exit'];
  override_by: string | null;
  override_reason: string | null;
  override_missing: string | null;
}

export class ReleaseRepo {
  private readonly byVersionStmt;
  private readonly activeStmt;
  private readonly visitsStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly upsertVisitStmt;
  private readonly knownStmt;
  private readonly newestFeatureStmt;
  private readonly visitCountStmt;
  private readonly recentStmt;
  private readonly previousStmt;
  private readonly originStmt;

  constructor(db: Db) {
    this.byVersionStmt = db.prepare<[string], ReleaseRow>('SELECT * FROM releases WHERE version = ?');
    this.activeStmt = db.prepare<[], ReleaseRow>("SELECT * FROM releases WHERE status = 'active' ORDER BY major, minor, patch");
    this.recentStmt = db.prepare<[number], ReleaseRow>(
      "SELECT * FROM releases WHERE status != 'active' ORDER BY ended_at DESC, id DESC LIMIT ?",
    );
    // Row-value comparison: the newest released version strictly below (major, minor, patch).
    this.previousStmt = db.prepare<[number, number, number], { major: number; minor: number; patch: number }>(
      `SELECT major, minor, patch FROM releases
       WHERE status = 'released' AND (major, minor, patch) < (?, ?, ?)
       ORDER BY major DESC, minor DESC, patch DESC LIMIT 1`,
    );
    this.originStmt = db.prepare<[number], { origin: ReleaseOrigin }>('SELECT origin FROM releases WHERE id = ?');
    this.visitsStmt = db.prepare<[number], VisitRow>('SELECT * FROM stage_visits WHERE release_id = ? ORDER BY seq');
    this.knownStmt = db.prepare<[], Pick<ReleaseRow, 'major' | 'minor' | 'patch' | 'status' | 'stage' | 'ended_at'>>(
      'SELECT major, minor, patch, status, stage, ended_at FROM releases',
    );
    // Served by the releases_features partial index: one index step, not a scan of every release.
    this.newestFeatureStmt = db.prepare<[], { major: number; minor: number }>('SELECT major, minor FROM releases WHERE patch = 0 ORDER BY major DESC, minor DESC LIMIT 1');
    this.visitCountStmt = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM stage_visits WHERE release_id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO releases (version, major, minor, patch, kind, process, origin, rc, stage, status, created_at, created_by, ended_at, completed_stages, revision)
       VALUES (@version, @major, @minor, @patch, @kind, @process, @origin, @rc, @stage, @status, @createdAt, @createdBy, @endedAt, @completedStages, 1)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE releases SET rc = @rc, stage = @stage, status = @status, ended_at = @endedAt,
         completed_stages = @completedStages, revision = revision + 1
       WHERE id = @id AND revision = @revision`,
    );
    this.upsertVisitStmt = db.prepare(
      `INSERT OR REPLACE INTO stage_visits
         (release_id, seq, rc, stage, entered_at, left_at, expected_ms, exit, override_by, override_reason, override_missing)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  byVersion(version: string): StoredRelease | undefined {
    const row = this.byVersionStmt.get(version);
    return row && this.hydrate(row);
  }

  active(): StoredRelease[] {
    return this.activeStmt.all().map((row) => this.hydrate(row));
  }

  /** Finished releases, most recent first. */
  recentlyEnded(limit: number): StoredRelease[] {
    return this.recentStmt.all(limit).map((row) => this.hydrate(row));
  }

  /** The newest released version below `version`, if any. */
  previousReleased(version: Version): Version | undefined {
    return this.previousStmt.get(version.major, version.minor, version.patch);
  }

  /** Every release's identity and outcome, for the version rules. */
  /** The highest feature version (x.y.0) ever started, whatever became of it. */
  newestFeature(): Version | undefined {
    const row = this.newestFeatureStmt.get();
    return row ? { major: row.major, minor: row.minor, patch: 0 } : undefined;
  }

  known(): KnownRelease[] {
    return this.knownStmt.all().map((row) => ({
      version: { major: row.major, minor: row.minor, patch: row.patch },
      status: row.status,
      stage: row.stage,
      endedAt: row.ended_at,
    }));
  }

  /** Insert a new release; call inside a transaction. */
  insert(release: Release, origin: ReleaseOrigin = 'stagehand'): StoredRelease {
    const info = this.insertStmt.run({ ...this.params(release), origin });
    const id = Number(info.lastInsertRowid);
    this.saveVisits(id, release.visits, 0);
    return { ...release, id, origin, revision: 1 };
  }

  /** Write `release` over its stored copy if nobody changed it since `release.revision`; inside a transaction. */
  update(id: number, release: Release & { readonly origin?: ReleaseOrigin }): StoredRelease {
    const info = this.updateStmt.run({ ...this.params(release), id, revision: release.revision });
    if (info.changes !== 1) throw new StaleReleaseError(`${formatVersion(release.version)} changed meanwhile`);
    // Visits are append-mostly: only the last stored one and the new ones can differ.
    const stored = this.visitCountStmt.get(id)?.n ?? 0;
    this.saveVisits(id, release.visits, Math.max(0, stored - 1));
    return { ...release, id, origin: release.origin ?? this.originOf(id), revision: release.revision + 1 };
  }

  private originOf(id: number): ReleaseOrigin {
    return this.originStmt.get(id)?.origin ?? 'stagehand';
  }

  private saveVisits(id: number, visits: readonly StageVisit[], from: number): void {
    visits.slice(from).forEach((v, i) => {
      this.upsertVisitStmt.run(
        id,
        from + i,
        v.rc,
        v.stage,
        v.enteredAt,
        v.leftAt,
        v.expectedMs,
        v.exit,
        v.override?.by ?? null,
        v.override?.reason ?? null,
        v.override?.missing ?? null,
      );
    });
  }

  private params(release: Release): Record<string, unknown> {
    return {
      version: formatVersion(release.version),
      major: release.version.major,
      minor: release.version.minor,
      patch: release.version.patch,
      kind: release.kind,
      process: release.process,
      rc: release.rc,
      stage: release.stage,
      status: release.status,
      createdAt: release.createdAt,
      createdBy: release.createdBy,
      endedAt: release.endedAt,
      completedStages: JSON.stringify(release.completedStages),
    };
  }

  private hydrate(row: ReleaseRow): StoredRelease {
    return {
      id: row.id,
      version: { major: row.major, minor: row.minor, patch: row.patch },
      kind: row.kind,
      process: row.process,
      origin: row.origin,
      rc: row.rc,
      stage: row.stage,
      status: row.status,
      createdAt: row.created_at,
      createdBy: row.created_by,
      endedAt: row.ended_at,
      completedStages: JSON.parse(row.completed_stages) as Stage[],
      revision: row.revision,
      visits: this.visitsStmt.all(row.id).map((v) => ({
        rc: v.rc,
        stage: v.stage,
        enteredAt: v.entered_at,
        leftAt: v.left_at,
        expectedMs: v.expected_ms,
        exit: v.exit,
        override:
          v.override_by === null ? null : { by: v.override_by, reason: v.override_reason ?? '', missing: v.override_missing ?? '' },
      })),
    };
  }
}
