import { DAY } from '../ground/clock.js';
import type { ProcessPolicy, SignoffRule } from '../release/policy.js';
import type { Stage } from '../release/stages.js';
import type { Config } from './schema.js';

/** The engine's process policy from the configuration's days and sign-off rule. */
export function policyOf(config: Config): ProcessPolicy {
  const days = (table: Partial<Record<string, number>>): Partial<Record<Stage, number>> =>
    Object.fromEntries(Object.entries(table).map(([stage, d]) => [Number(stage), (d ?? 0) * DAY]));
  const signoff: SignoffRule =
    config.process.signoff.rule === 'quorum' ? { kind: 'quorum', minOk: config.process.signoff.minOk } : { kind: 'all' };
  return {
    // The config names the days after the kind each process is the default for (feature → full).
    expectedMs: { full: days(config.process.expectedDays.feature), patch: days(config.process.expectedDays.patch) },
    compressedMs: config.process.compressedDays * DAY,
    signoff,
  };
}
