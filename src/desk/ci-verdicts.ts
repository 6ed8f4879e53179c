/**
 * What the leads were last told about CI on a release branch at stage 0, and whether a fresh reading of
 * GitHub's checks (made when a check_run, check_suite or status webhook arrived) tells them something new.
 * Each reading is the whole combined state of the head, never one event's news, so deliveries that come
 * late or out of order cannot produce a wrong notice: a late "queued" for a check that has since passed
 * reads as the green GitHub reports now, which the leads were already told.
 */
import type { CiStatus } from '../release/gates.js';
import { formatVersion, releaseBranch } from '../release/version.js';
import type { StoredRelease } from '../store/release-repo.js';
import type { SettingsRepo } from '../store/settings-repo.js';

/** The last verdict the leads were told for a release: for which RC, on which head, which checks failed. */
export interface ToldCi {
  readonly rc: number;
  readonly sha: string;
  readonly state: 'green' | 'failing';
  readonly failing: readonly string[];
  /** How many CI notices this release has had: the next one's key, so a flip back is told again. */
  readonly count: number;
}

export interface CiNotice {
  readonly key: string;
  readonly text: string;
  readonly told: ToldCi;
}

/** Failing checks named in a notice; more are counted. */
const LISTED = 10;
const KEY = (release: StoredRelease): string => `ci-told:${formatVersion(release.version)}`;

export function readToldCi(settings: SettingsRepo, release: StoredRelease): ToldCi | null {
  const raw = settings.get(KEY(release));
  if (raw === undefined) return null;
  const parsed = JSON.parse(raw) as Partial<ToldCi>;
  if (typeof parsed.sha !== 'string' || (parsed.state !== 'green' && parsed.state !== 'failing') || !Array.isArray(parsed.failing)) return null;
  return { rc: Number(parsed.rc) || 0, sha: parsed.sha, state: parsed.state, failing: parsed.failing.filter((f): f is string => typeof f === 'string'), count: Number(parsed.count) || 0 };
}

export function writeToldCi(settings: SettingsRepo, release: StoredRelease, told: ToldCi): void {
  settings.set(KEY(release), JSON.stringify(told));
}

/**
 * The notice a reading calls for, or null. Green is told once per head; failing once per head and set of
 * failing checks, and again only when a check fails that was not named before (a re-run that passes while
 * others still fail says nothing). Pending and unreadable states say nothing: the next event reads again.
 * `advance` is the command that passes the gate (`!release advance`).
 */
export function ciNotice(release: StoredRelease, sha: string, status: CiStatus, told: ToldCi | null, advance: string): CiNotice | null {
  const version = formatVersion(release.version);
  const branch = releaseBranch(release.version);
  const count = (told?.count ?? 0) + 1;
  const key = `ci:${version}:${sha}:${count}`;
  // A restart (a new RC, back at stage 0) is told afresh, even on the same commit.
  const sameHead = told?.sha === sha && told.rc === release.rc;
  if (status.state === 'green') {
    if (sameHead && told?.state === 'green') return null;
    return { key, text: `CI is green on ${branch}: ${advance}`, told: { rc: release.rc, sha, state: 'green', failing: [], count } };
  }
  if (status.state !== 'failing') return null;
  const failing = [...new Set(status.failing)].sort();
  if (sameHead && told?.state === 'failing' && failing.every((name) => told.failing.includes(name))) return null;
  const listed = failing.slice(0, LISTED).join(', ');
  const more = failing.length > LISTED ? ` and ${failing.length - LISTED} more` : '';
  return {
    key,
    text: `CI is failing on ${branch} at ${sha.slice(0, 7)}: ${listed}${more}. I will say here when it is green.`,
    told: { rc: release.rc, sha, state: 'failing', failing, count },
  };
}
