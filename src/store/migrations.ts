/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Append only: never edit a migration that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE releases (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL UNIQUE,
    major INTEGER NOT NULL,
    minor INTEGER NOT NULL,
    patch INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('feature', 'patch')),
    rc INTEGER NOT NULL CHECK (rc >= 1),
    stage INTEGER NOT NULL CHECK (stage BETWEEN 0 AND 4),
    status TEXT NOT NULL CHECK (status IN ('active', 'released', 'aborted')),
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    ended_at INTEGER,
    completed_stages TEXT NOT NULL,
    revision INTEGER NOT NULL
  );
  CREATE INDEX releases_by_status ON releases (status);
  -- The last finished releases, newest first, without scanning the whole table.
  CREATE INDEX releases_ended ON releases (ended_at DESC, id DESC) WHERE status != 'active';

  CREATE TABLE stage_visits (
    release_id INTEGER NOT NULL REFERENCES releases (id),
    seq INTEGER NOT NULL,
    rc INTEGER NOT NULL,
    stage INTEGER NOT NULL,
    entered_at INTEGER NOT NULL,
    left_at INTEGER,
    expected_ms INTEGER,
    exit TEXT,
    override_by TEXT,
    override_reason TEXT,
    override_missing TEXT,
    PRIMARY KEY (release_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    release_id INTEGER REFERENCES releases (id),
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    reason TEXT
  );
  CREATE INDEX events_by_release ON events (release_id, id);

  CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL REFERENCES releases (id),
    rc INTEGER NOT NULL,
    stage INTEGER NOT NULL,
    org TEXT NOT NULL,
    person TEXT NOT NULL,
    answer TEXT NOT NULL CHECK (answer IN ('ok', 'issue', 'skip')),
    note TEXT,
    at INTEGER NOT NULL
  );
  CREATE INDEX answers_by_round ON answers (release_id, rc, stage);

  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    release_id INTEGER REFERENCES releases (id),
    destination TEXT NOT NULL,
    target TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'dismissed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER
  );
  CREATE INDEX outbox_by_status ON outbox (status, destination, id);

  CREATE TABLE dry_run_posts (
    key TEXT PRIMARY KEY,
    destination TEXT NOT NULL,
    target TEXT NOT NULL,
    at INTEGER NOT NULL,
    text TEXT NOT NULL
  );

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // Schedules (src/schedule/): one row per reminder slot an instance claimed. A claim is a lease until it
  // completes, then permanent, so two instances on this database never both run a slot.
  `
  CREATE TABLE schedule_claims (
    key TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    lease_until INTEGER,
    done_at INTEGER
  );
  `,
  // The post log serves IRC as well as the dry runs (src/store/post-log.ts): named for what it is.
  `
  ALTER TABLE dry_run_posts RENAME TO post_log;
  `,
  // Early-tester polls on Matrix (src/chat/matrix/polls.ts): the poll event sent into each testers room
  // for a round (release, RC, stage), so a vote maps to its round; and who was told once per poll that
  // their vote does not count.
  `
  CREATE TABLE matrix_polls (
    event_id TEXT PRIMARY KEY,
    room_id TEXT NOT NULL,
    start_key TEXT NOT NULL,
    release TEXT NOT NULL,
    rc INTEGER NOT NULL,
    stage INTEGER NOT NULL,
    ended_at INTEGER
  );
  CREATE UNIQUE INDEX matrix_polls_by_start ON matrix_polls (start_key, room_id);

  CREATE TABLE matrix_poll_explained (
    event_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    PRIMARY KEY (event_id, sender)
  );
  `,
  // The newest feature release (the status page's "next feature release"), found without reading every
  // release: at 10,000 releases the full scan took 44 ms per page view.
  `
  CREATE INDEX releases_features ON releases (major, minor) WHERE patch = 0;
  `,
  // Process per release and imported history : the path a release takes (its
  // process: full or patch) is stored apart from its kind, and existing rows take the process their kind
  // implied; `origin` says where a release came from: started here, imported from GitHub's tags or the
  // local history file, or adopted while in flight.
  `
  ALTER TABLE releases ADD COLUMN process TEXT NOT NULL DEFAULT 'full' CHECK (process IN ('full', 'patch'));
  UPDATE releases SET process = 'patch' WHERE kind = 'patch';
  ALTER TABLE releases ADD COLUMN origin TEXT NOT NULL DEFAULT 'stagehand' CHECK (origin IN ('stagehand', 'github', 'history-file', 'adopted'));
  `,
  // The shared release issue (src/store/issue-checklist-repo.ts): per release, the body as
  // last read from GitHub (or the dry run's copy) and the stage items Stagehand itself ticked, so an update
  // changes only boxes whose wanted state changed and leaves people's ticks alone.
  `
  CREATE TABLE issue_checklists (
    release TEXT PRIMARY KEY,
    issue_number INTEGER,
    body TEXT NOT NULL,
    ticked TEXT NOT NULL,
    read_at INTEGER NOT NULL
  );
  `,
  // GitHub webhooks (src/store/webhook-delivery-repo.ts): each delivery id taken, so a redelivery of one
  // already handled is answered without being handled again; old ids are pruned (GitHub redelivers for days).
  `
  CREATE TABLE github_deliveries (
    delivery_id TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX github_deliveries_by_time ON github_deliveries (received_at);
  `,
];
