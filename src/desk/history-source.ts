import type { TagRecord } from '../release/tag-history.js';

/**
 * Where a project's past releases are read from: GitHub's tags and releases (src/github/github-history.ts)
 * or, for a local rehearsal, a file of versions (src/desk/file-history.ts). Read on demand, at start and
 * on `!release sync`, never cached: the project's own record is the truth.
 */
export interface HistorySource {
  /** `github` or `history-file`: stored as the origin of what it imports. */
  readonly origin: 'github' | 'history-file';
  /** For replies: `GitHub ipfs/go-ipfs`, `history file history.txt`. */
  readonly description: string;
  /** Every tag, release or listed version; rejects with an error whose message can be shown to a lead. */
  read(): Promise<readonly TagRecord[]>;
}
