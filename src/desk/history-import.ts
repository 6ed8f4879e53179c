/**
 * Past releases into the store: each version whose final tag exists and that the store does not know
 * becomes a released release of origin `github` or `history-file`, with a history event saying so and no
 * posts at all (it happened long ago). Repeating an import changes nothing. Versions with RC tags but no
 * final tag are in flight: they are reported, for a lead to adopt.
 */
import { defaultProcess } from '../release/process.js';
import { stagePath } from '../release/stages.js';
import type { VersionTags } from '../release/tag-history.js';
import type { Release } from '../release/types.js';
import { formatVersion, kindOf, rcTag, type Version } from '../release/version.js';
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
