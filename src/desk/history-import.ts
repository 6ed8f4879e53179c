/**
 * Past releases into the store: each version whose final tag exists and that the store does not know
 * becomes a released release of origin `github` or `history-file`, with a history event saying so and no
 * posts at all (it happened long ago). Repeating an import changes nothing. Versions with RC tags but no
 * final tag are in flight: they are reported, for a lead to adopt.
 */
import { defaultProcess } from '../release/process.js';
import { stagePath } from '../release/stages.js';
import { versionTags, type VersionTags } from '../release/tag-history.js';
import type { Release } from '../release/types.js';
import { compareVersions, formatVersion, kindOf, rcTag, type Version } from '../release/version.js';
import { fail, ok, type Result } from '../ground/result.js';
import type { Store } from '../store/store.js';
import type { HistorySource } from './history-source.js';

export interface ImportSummary {
  readonly source: string;
  /** Versions added now, oldest first. */
  readonly imported: readonly Version[];
  /** Released versions the store already knew. */
  readonly known: number;
  /** Versions with RC tags and no final tag that the store does not know: candidates for adoption. */
  readonly inFlight: readonly { readonly version: Version; readonly rc: number }[];
}

/** An import, with every version's tags as the source listed them (adoption looks up its RC there). */
export type HistorySync = ImportSummary & { readonly tags: readonly VersionTags[] };

/**
 * Read `source` and import what it holds (importHistory). `now` is read once the source has answered.
 * A source that cannot be read changes nothing and says why.
 */
export async function syncHistory(store: Store, source: HistorySource | null | undefined, actor: string, now: () => number): Promise<Result<HistorySync>> {
  if (!source) return fail(`No history source is configured: a github: section (its tags and releases) or history.file (a file of past versions).`);
  let tags;
  try {
    tags = versionTags(await source.read());
  } catch (error) {
    return fail(`Could not read the history from ${source.description}: ${error instanceof Error ? error.message.split('\n')[0]?.slice(0, 300) : String(error)}. Nothing was changed.`);
  }
  return ok({ ...importHistory(store, source, tags, actor, now()), tags });
}

/** The latest RC tagged for `version` in a sync's tags; undefined when it has no RC tag. */
export function latestRcOf(tags: readonly VersionTags[], version: Version): number | undefined {
  const found = tags.find((t) => compareVersions(t.version, version) === 0);
  return found?.rcs[found.rcs.length - 1];
}

export function importHistory(store: Store, source: HistorySource, tags: readonly VersionTags[], actor: string, now: number): ImportSummary {
  return store.transaction(() => {
    const imported: Version[] = [];
    let known = 0;
    const inFlight: { version: Version; rc: number }[] = [];
    for (const entry of tags) {
      const name = formatVersion(entry.version);
      // Checked inside the transaction: a release started meanwhile is never imported over.
      if (store.releases.byVersion(name)) {
        if (entry.released) known++;
        continue;
      }
      const lastRc = entry.rcs[entry.rcs.length - 1];
      if (!entry.released) {
        if (lastRc !== undefined) inFlight.push({ version: entry.version, rc: lastRc });
        continue;
      }
      const stored = store.releases.insert(pastRelease(entry, actor), source.origin);
      const rcs = entry.rcs.length === 0 ? 'no RC tags' : `RC tags up to ${rcTag(entry.version, lastRc ?? 1)}`;
      store.events.append({ releaseId: stored.id, at: now, actor, kind: 'imported', summary: `imported ${name} as released from ${source.description} (tag ${name}, ${rcs})`, reason: null });
      imported.push(entry.version);
    }
    return { source: source.description, imported, known, inFlight };
  });
}

/** A release made before Stagehand: released at its publication date if known (else undated, at time 0). */
function pastRelease(entry: VersionTags, actor: string): Release {
  const kind = kindOf(entry.version);
  // The tags do not say which path it took; the kind's default is the best guess and changes nothing now.
  const process = defaultProcess(kind);
  const at = entry.releasedAt ?? 0;
  const rc = entry.rcs[entry.rcs.length - 1] ?? 1;
  return {
    version: entry.version,
    kind,
    process,
    rc,
    stage: 4,
    status: 'released',
    createdAt: at,
    createdBy: actor,
    endedAt: entry.releasedAt,
    completedStages: [...stagePath(process)],
    visits: [{ rc, stage: 4, enteredAt: at, leftAt: at, expectedMs: null, override: null, exit: null }],
    revision: 0,
  };
}
