/**
 * The early testers' rounds as the desk reads them: one round's answers and verdict, and the sign-off
 * matrix (every enrolled organisation × dev and prod) of a release's current RC. Read-only: answers are
 * recorded by the desk (ReleaseDesk.answer).
 */
import type { Roster } from '../people/roster.js';
import type { ProcessPolicy } from '../release/policy.js';
import { enrolledFor, judgeSignoff, summariseSignoff, type GateVerdict, type OrgSignoff, type TesterOrg } from '../release/signoff.js';
import { environmentOf, type Stage, type TestEnvironment } from '../release/stages.js';
import type { StoredRelease } from '../store/release-repo.js';
import type { Store } from '../store/store.js';

/** What a round is read from: the answers in the store, the enrolled organisations, the sign-off rule. */
export interface RoundDeps {
  readonly store: Pick<Store, 'answers'>;
  readonly roster: Pick<Roster, 'testers'>;
  readonly policy: Pick<ProcessPolicy, 'signoff'>;
}

export interface TesterRound {
  readonly release: StoredRelease;
  readonly environment: TestEnvironment;
  readonly signoff: readonly OrgSignoff[];
  readonly verdict: GateVerdict;
}

/**
 * One environment's column of the sign-off matrix for the current RC: the answers of a round (the current
 * one, or the dev round the RC already passed), or why there are none.
 */
export type SignoffColumn =
  | { readonly kind: 'current'; readonly round: TesterRound }
  | { readonly kind: 'passed'; readonly round: TesterRound; readonly override: { readonly by: string; readonly reason: string } | null }
  | { readonly kind: 'not-yet' }
  | { readonly kind: 'skipped' };

/** Every enrolled organisation × (dev, prod) for the release's current RC, while it is in a tester stage. */
export interface SignoffMatrix {
  readonly release: StoredRelease;
  readonly orgs: readonly TesterOrg[];
  readonly current: TesterRound;
  readonly dev: SignoffColumn;
  readonly prod: SignoffColumn;
}

/** The early testers' answers for the release's current RC and stage, if it is a tester stage. */
export function testerRound(deps: RoundDeps, release: StoredRelease): TesterRound | null {
  const environment = environmentOf(release.stage);
  if (environment === undefined || release.status !== 'active') return null;
  return roundIn(deps, release, environment);
}

/**
 * The sign-off matrix of the release's current RC: the current round, and the other environment's column.
 * At stage 3 the dev column is the same RC's stage-2 round (never an older RC's: answers are per RC).
 */
export function signoffMatrix(deps: RoundDeps, release: StoredRelease): SignoffMatrix | null {
  const current = testerRound(deps, release);
  if (current === null) return null;
  const other = (environment: TestEnvironment): SignoffColumn => {
    if (environment === 'prod') return { kind: 'not-yet' };
    const passed = release.visits.find((v) => v.rc === release.rc && v.stage === 2 && v.leftAt !== null);
    if (passed === undefined) return release.process === 'patch' ? { kind: 'skipped' } : { kind: 'not-yet' };
    const override = passed.override ? { by: passed.override.by, reason: passed.override.reason } : null;
    return { kind: 'passed', round: roundIn(deps, release, 'dev', 2), override };
  };
  const column = (environment: TestEnvironment): SignoffColumn =>
    environment === current.environment ? { kind: 'current', round: current } : other(environment);
  return { release, orgs: deps.roster.testers, current, dev: column('dev'), prod: column('prod') };
}

/** The answers of one round (the release's current RC at `stage`) of the organisations enrolled for `environment`, and their verdict. */
export function roundIn(deps: RoundDeps, release: StoredRelease, environment: TestEnvironment, stage: Stage = release.stage): TesterRound {
  const orgs = enrolledFor(deps.roster.testers, environment);
  const answers = deps.store.answers.forRound({ releaseId: release.id, rc: release.rc, stage });
  const signoff = summariseSignoff(orgs, answers);
  return { release, environment, signoff, verdict: judgeSignoff(deps.policy.signoff, signoff) };
}
