/**
 * The words for a storage fault (src/store/write-health.ts classifies; this says it to people), shared by
 * the dispatcher's answer, `!release status` and the leads' notice, so they all name the same cause.
 */
import type { StorageFaultKind } from '../store/write-health.js';

const CAUSE: Readonly<Record<StorageFaultKind, { long: string; short: string }>> = {
  full: { long: 'the disk is full', short: 'disk full' },
  'read-only': { long: 'the database is read-only', short: 'read-only' },
  io: { long: 'the disk reported an I/O error', short: 'I/O error' },
  corrupt: { long: 'the database file is damaged', short: 'database damaged' },
  busy: { long: 'the database is locked by another process', short: 'database locked' },
};

/** "the disk is full": for a sentence. */
export const storageCause = (kind: StorageFaultKind): string => CAUSE[kind].long;

/** "disk full": for a parenthesis. */
export const storageCauseShort = (kind: StorageFaultKind): string => CAUSE[kind].short;

/** The answer to a command whose change the store refused (its transaction rolled back whole). */
export const couldNotRecord = (kind: StorageFaultKind): string => `I could not record that: ${storageCause(kind)}. Nothing was changed; please try again once it is fixed.`;
