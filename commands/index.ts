import type { AnyCommand } from '../src/commands-kit/declaration.js';
import { help } from './help.js';
import { releaseAbort } from './release-abort.js';
import { releaseAdopt } from './release-adopt.js';
import { releaseAdvance } from './release-advance.js';
import { releaseDismiss } from './release-dismiss.js';
import { releaseHistory } from './release-history.js';
import { releaseIgnore } from './release-ignore.js';
import { releaseNew } from './release-new.js';
import { releaseRestart } from './release-restart.js';
import { releaseRetry } from './release-retry.js';
import { releaseSchedule } from './release-schedule.js';
import { releaseStatus } from './release-status.js';
import { releaseSync } from './release-sync.js';
import { tested } from './tested.js';
import { testers } from './testers.js';

/** Every chat command, in the order help lists them. */
export const COMMANDS: readonly AnyCommand[] = [
  help,
  releaseStatus,
  releaseSchedule,
  releaseHistory,
  testers,
  releaseNew,
  releaseAdopt,
  releaseSync,
  releaseAdvance,
  releaseRestart,
  releaseAbort,
  releaseIgnore,
  releaseDismiss,
  releaseRetry,
  tested,
];
