/**
 * A project's past releases as its tags tell them: `vX.Y.Z` is a release, `vX.Y.Z-rcN` one of its release
 * candidates; every other tag (`latest`, `v0.4.22-dev`, `gx/…`) is none of Stagehand's business.
 */
import type { Version } from './version.js';

/** A tag (or a GitHub release's tag) and, when known, when it was published. */
export interface TagRecord {
  readonly name: string;
  readonly at?: number | null;
}

/** One version's tags: its RC numbers (ascending) and whether its final tag exists. */
export interface VersionTags {
  readonly version: Version;
  readonly rcs: readonly number[];
  readonly released: boolean;
  /** When the final release was published, if a GitHub release said so. */
  readonly releasedAt: number | null;
}

// Anchored, bounded and without nested repetition: linear on any input. Same digits rule as parseVersion.
const N = '(0|[1-9][0-9]{0,8})';
const RELEASE_TAG = new RegExp(`^v${N}\\.${N}\\.${N}(?:-rc([1-9][0-9]{0,8}))?$`);
/** Longer names are never release tags; they are not even matched. */
const MAX_TAG = 64;

export function parseReleaseTag(name: string): { version: Version; rc: number | null } | null {
  if (name.length > MAX_TAG) return null;
  const m = RELEASE_TAG.exec(name);
  if (!m) return null;
  return { version: { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) }, rc: m[4] === undefined ? null : Number(m[4]) };
}

/** Group release tags by version (the same tag from the tag list and the releases list counts once), oldest first. */
export function versionTags(records: readonly TagRecord[]): VersionTags[] {
  const byVersion = new Map<string, { version: Version; rcs: Set<number>; released: boolean; releasedAt: number | null }>();
  for (const record of records) {
    const tag = parseReleaseTag(record.name);
    if (!tag) continue;
    const key = `${tag.version.major}.${tag.version.minor}.${tag.version.patch}`;
    const entry = byVersion.get(key) ?? { version: tag.version, rcs: new Set<number>(), released: false, releasedAt: null };
    byVersion.set(key, entry);
    if (tag.rc !== null) entry.rcs.add(tag.rc);
    else {
      entry.released = true;
      entry.releasedAt = record.at ?? entry.releasedAt;
    }
  }
  return [...byVersion.values()]
    .map((e) => ({ version: e.version, rcs: [...e.rcs].sort((a, b) => a - b), released: e.released, releasedAt: e.releasedAt }))
    .sort((a, b) => a.version.major - b.version.major || a.version.minor - b.version.minor || a.version.patch - b.version.patch);
}
