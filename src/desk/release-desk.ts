/**
 * The release desk: the one place where release state changes. Each command loads what it needs, lets the
 * pure engine decide, and commits the new state, its history event and the posts it causes in one SQLite
 * transaction; the outbox worker delivers the posts afterwards.
 */
import { projectStages } from '../release/cadence.js';
import {
  abortRelease,
  advanceRelease,
  refuseVersion,
  restartRelease,
  startRelease,
} from '../release/engine.js';
import { gateNeeds, judgeGate, type GateInputs } from '../release/gates.js';
import type { ProcessPolicy } from '../release/policy.js';
import type { ReleaseProcess } from '../release/process.js';
import { enrolledFor, summariseSignoff, type TesterAnswer } from '../release/signoff.js';
import { environmentOf, STAGE_NAMES, type Stage } from '../release/stages.js';
import type { Release, Transition } from '../release/types.js';
import { compareVersions, formatVersion, nextFeature, rcTag, releaseBranch, sameLine, type Version } from '../release/version.js';
import { fail, ok, type Result } from '../ground/result.js';
import type { Clock } from '../ground/clock.js';
import type { SignoffRecord } from '../text/closing-summary.js';
import type { ClosingRound, EffectComposer } from '../text/effect-composer.js';
import { hasPoll } from '../release/communication-plan.js';
import { describeTransition } from '../text/history-line.js';
import { countChecklist, type ChecklistCount } from '../text/checklist.js';
import { audienceOf, targetKey, type Audience, type Destination } from '../ground/effects.js';
import type { Person, Roster } from '../people/roster.js';
import type { ReleaseEvent } from '../store/event-repo.js';
import type { OutboxEntry } from '../store/outbox-repo.js';
import type { StoredRelease } from '../store/release-repo.js';
import type { Store } from '../store/store.js';
import type { CiSource } from './ci-source.js';
import { roundIn, signoffMatrix, testerRound, type SignoffMatrix, type TesterRound } from './tester-rounds.js';
import { adoptRelease } from '../release/adopt.js';
import type { HistorySource } from './history-source.js';
import { latestRcOf, syncHistory, type HistorySync } from './history-import.js';
import type { ReleaseOrigin } from '../store/release-repo.js';
import type { CiStatus } from '../release/gates.js';
import { ciNotice, readToldCi, writeToldCi } from './ci-verdicts.js';

export interface DeskDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly policy: ProcessPolicy;
  readonly composer: EffectComposer;
  readonly roster: Roster;
  readonly ci: CiSource;
  readonly defaultBranch: string;
  /** The command prefix, for the hints in refusals. */
  readonly prefix: string;
  /** The targets each destination fans out to; a destination with none is not configured and gets nothing. */
  readonly targetsOf: (destination: Destination, audience: Audience) => readonly string[];
  /** Called after every commit that enqueued effects (the outbox worker's kick). */
  readonly onCommitted: () => void;
  /** The project's past releases (GitHub tags, or local mode's history file); absent: none configured. */
  readonly history?: HistorySource | null;
}

export interface Notice {
  /** Identity of the notice (`remind:overdue:v0.5.0:2019-10-14`); the same key is never posted twice. */
  readonly key: string;
  readonly text: string;
  /** Default `release`: the rooms where the leads work. */
  readonly audience?: Audience;
  /** Person ids to mention; default the leads. */
  readonly mentions?: readonly string[];
  readonly releaseId?: number | null;
}

const IGNORED_COMMIT = 'commit-ignored';

const CHAT_DESTINATIONS: readonly Destination[] = ['matrix', 'irc'];

export type { SignoffColumn, SignoffMatrix, TesterRound } from './tester-rounds.js';

/** A committed change and the posts it queued (`github: open-issue`), so replies can say what will happen. */
export interface Change {
  readonly release: StoredRelease;
  readonly posts: readonly string[];
}

export interface AdvanceOutcome extends Change {
  /** What the overridden gate was missing, when a lead forced it. */
  readonly overridden: string | null;
  /** The lead gave --force but the gate was open: nothing was recorded as an override. */
  readonly forceUnneeded: boolean;
}

export class ReleaseDesk {
  constructor(private readonly deps: DeskDeps) {}

  // ---- queries -------------------------------------------------------------------------------

  active(): StoredRelease[] {
    return this.deps.store.releases.active();
  }

  recentlyEnded(limit: number): StoredRelease[] {
    return this.deps.store.releases.recentlyEnded(limit);
  }

  find(version: Version): StoredRelease | undefined {
    return this.deps.store.releases.byVersion(formatVersion(version));
  }

  /** Any release by version (active or not), or a failure that says there is none. */
  lookup(version: Version): Result<StoredRelease> {
    const found = this.find(version);
    return found ? ok(found) : fail(`There is no release ${formatVersion(version)}. ${this.activeList()}`);
  }

  /** The active release a command is about: the one named, or the only one; otherwise ask which. */
  pickActive(version: Version | undefined, command: string): Result<StoredRelease> {
    if (version !== undefined) {
      const found = this.find(version);
      if (!found) return fail(`There is no release ${formatVersion(version)}. ${this.activeList()}`);
      if (found.status !== 'active') return fail(`${formatVersion(version)} is ${found.status}, not active.`);
      return ok(found);
    }
    const active = this.active();
    if (active.length === 1 && active[0]) return ok(active[0]);
    if (active.length === 0) return fail(`No release is active. A lead starts one with ${this.deps.prefix}release new <version>.`);
    return fail(`Several releases are active: ${describeActive(active)}. Which one? For example: ${this.deps.prefix}${command.replace('<version>', formatVersion(active[0]!.version))}`);
  }

  history(release: StoredRelease, limit: number): ReleaseEvent[] {
    return this.deps.store.events.lastOf(release.id, limit);
  }

  /** The early testers' answers for the release's current RC and stage, if it is a tester stage. */
  testerRound(release: StoredRelease): TesterRound | null {
    return testerRound(this.deps, release);
  }

  /** The sign-off matrix of the release's current RC (src/desk/tester-rounds.ts). */
  signoffMatrix(release: StoredRelease): SignoffMatrix | null {
    return signoffMatrix(this.deps, release);
  }

  /**
   * The release issue's checklist as the publisher last read it from GitHub (local mode: the dry run's copy):
   * how many boxes are ticked and how many of those people ticked. Null before the issue is written.
   */
  issueChecklist(release: StoredRelease): (ChecklistCount & { readonly readAt: number }) | null {
    const record = this.deps.store.issueChecklists.get(formatVersion(release.version));
    return record ? { ...countChecklist(record.body, record.ticked), readAt: record.readAt } : null;
  }

  /** The active release whose GitHub issue is `issueNumber` (one Stagehand opened or adopted), if any. */
  releaseWithIssue(issueNumber: number): StoredRelease | undefined {
    return this.active().find((r) => this.deps.store.issueChecklists.get(formatVersion(r.version))?.issueNumber === issueNumber);
  }

  projectedRelease(release: StoredRelease): number | null {
    const stages = projectStages(release, this.deps.clock.now(), this.deps.policy);
    return stages.find((s) => s.stage === 4)?.start ?? null;
  }

  /**
   * The version the next feature branch cuts: the minor after the newest feature release, whatever became
   * of it (an aborted version cannot be reused, so naming it again would only be refused).
   */
  nextFeatureVersion(): Version | null {
    const newest = this.deps.store.releases.newestFeature();
    return newest ? nextFeature(newest) : null;
  }

  deliveryProblems() {
    return this.deps.store.outbox.problems();
  }

  /** The store's write outage now (a full disk), or null while writes work. */
  storageOutage() {
    return this.deps.store.writes.outage;
  }

  // ---- notices -------------------------------------------------------------------------------

  /**
   * Queue a chat post that is not a release transition (a reminder, a branch-watch notice, a failed
   * delivery): to every chat destination's rooms for `audience`, mentioning `mentions` (default: the
   * leads). `key` is the notice's identity: a second call with the same key posts nothing and returns
   * false, so a reminder slot or a notice about one commit goes out once, across restarts and instances.
   * `also` runs inside the same transaction (e.g. recording the reminder slot).
   */
  /** Whether a notice with this key was queued already (whatever became of it since). */
  noticeQueued(key: string): boolean {
    return this.deps.store.outbox.hasKeyPrefix(`${key}:`);
  }

  notify(notice: Notice, also?: () => void): boolean {
    const fresh = this.deps.store.transaction(() => {
      if (!this.queueNotice(notice)) return false;
      also?.();
      return true;
    });
    if (fresh) this.deps.onCommitted();
    return fresh;
  }

  /** Inside a transaction: enqueue the notice's rows unless its key was queued already. */
  private queueNotice(notice: Notice): boolean {
    if (this.noticeQueued(notice.key)) return false;
    const mentions = notice.mentions ?? this.deps.roster.leadIds;
    const payload = { action: 'announce', text: notice.text, audience: notice.audience ?? 'release', mentions } as const;
    this.deps.store.outbox.enqueue(
      CHAT_DESTINATIONS.flatMap((destination) =>
        this.deps.targetsOf(destination, payload.audience).map((target) => ({
          key: targetKey(`${notice.key}:${destination}`, target),
          releaseId: notice.releaseId ?? null,
          destination,
          target,
          payload,
          createdAt: this.deps.clock.now(),
        })),
      ),
    );
    return true;
  }

  /**
   * A fresh reading of CI on `sha`, the head of a release branch (read because GitHub sent a check or status
   * webhook): tells the leads when it turned green or which checks fail, once per change (src/desk/ci-verdicts.ts).
   * The notice and the record of what was told commit together, so a kill neither loses nor doubles it; a
   * release no longer at stage 0 by then gets nothing.
   */
  reportCi(release: StoredRelease, sha: string, status: CiStatus): boolean {
    const { store } = this.deps;
    const version = formatVersion(release.version);
    const advance = `${this.deps.prefix}release advance${this.active().length > 1 ? ` ${version}` : ''}`;
    const fresh = store.transaction(() => {
      const now = store.releases.byVersion(version);
      if (now?.status !== 'active' || now.stage !== 0) return false;
      const notice = ciNotice(now, sha, status, readToldCi(store.settings, now), advance);
      if (notice === null || !this.queueNotice({ key: notice.key, text: notice.text, releaseId: now.id })) return false;
      writeToldCi(store.settings, now, notice.told);
      return true;
    });
    if (fresh) this.deps.onCommitted();
    return fresh;
  }

  /**
   * People edited the release issue on GitHub (a webhook): keep the body as read back from GitHub, so
   * `release status` counts their ticks. Stagehand's own ticks stay as recorded; a body read before the
   * stored one (`readSince`: when this read began) is older news and is dropped.
   */
  issueRead(release: StoredRelease, issueNumber: number, body: string, readSince: number): boolean {
    const { store } = this.deps;
    const version = formatVersion(release.version);
    return store.transaction(() => {
      const known = store.issueChecklists.get(version);
      if (!known || known.issueNumber !== issueNumber || known.readAt > readSince) return false;
      store.issueChecklists.put({ ...known, body, readAt: this.deps.clock.now() });
      return true;
    });
  }

  // ---- changes -------------------------------------------------------------------------------

  /** `process`: the path the lead chose; by default the one the version's kind implies. */
  start(version: Version, actor: Person, process?: ReleaseProcess): Result<Change> {
    const known = this.deps.store.releases.known();
    const decided = startRelease(version, known, this.act(actor), this.deps.policy, process);
    if (!decided.ok) return decided;
    // The rules ran on a read made before the transaction; they run again inside it, where no other
    // writer can start this version meanwhile: the loser of a race gets the usual refusal, not a constraint error.
    try {
      return ok(this.commit(null, decided.value, () => refuseVersion(version, this.deps.store.releases.known())));
    } catch (error) {
      if (error instanceof RefusedInTransaction) return fail(error.message);
      throw error;
    }
  }

  /**
   * Read the project's past releases (GitHub tags and releases, or the history file) into the store, so the
   * version rules and a patch's branch base see them. `actor` null: the start-up sync.
   */
  async syncHistory(actor: Person | null): Promise<Result<HistorySync>> {
    return syncHistory(this.deps.store, this.deps.history, actor === null ? 'stagehand' : (actor.id ?? actor.name), () => this.deps.clock.now());
  }

  /**
   * Take over a release in flight: its RC tags exist (the latest one becomes the current RC) and no final
   * tag; it becomes active at `stage`. Nothing that exists is posted again: only the release issue is
   * found (or opened, if there is none) and adopted.
   */
  async adopt(version: Version, stage: Stage, process: ReleaseProcess | undefined, actor: Person): Promise<Result<Change>> {
    const synced = await this.syncHistory(actor);
    if (!synced.ok) return synced;
    const name = formatVersion(version);
    const latestRc = latestRcOf(synced.value.tags, version);
    if (!this.find(version) && latestRc === undefined) {
      return fail(`${synced.value.source} has no RC tag of ${name} (such as ${rcTag(version, 1)}), so there is nothing in flight to adopt. Start it with ${this.deps.prefix}release new ${name}.`);
    }
    const decided = adoptRelease({ version, rc: latestRc ?? 1, stage, ...(process ? { process } : {}), ...this.act(actor) }, this.deps.store.releases.known(), this.deps.policy);
    if (!decided.ok) return decided;
    // As in start: the version rules run again inside the transaction, so a release started meanwhile by
    // another writer gets the usual refusal instead of a constraint error.
    try {
      return ok(this.commit(null, decided.value, () => refuseVersion(version, this.deps.store.releases.known()), 'adopted'));
    } catch (error) {
      if (error instanceof RefusedInTransaction) return fail(error.message);
      throw error;
    }
  }

  async advance(version: Version | undefined, actor: Person, force: string | null): Promise<Result<AdvanceOutcome>> {
    const picked = this.pickActive(version, 'release advance <version>');
    if (!picked.ok) return picked;
    const release = picked.value;
    const gate = judgeGate(release.stage, releaseBranch(release.version), await this.gateInputs(release));
    const decided = advanceRelease(release, { ...this.act(actor), gate, force }, this.deps.policy);
    if (!decided.ok) return decided;
    const change = this.commit(release, decided.value);
    return ok({ ...change, overridden: gate.open ? null : gate.missing.join('; '), forceUnneeded: gate.open && force !== null });
  }

  restart(version: Version | undefined, actor: Person, reason: string): Result<Change> {
    const picked = this.pickActive(version, 'release restart <version> <reason>');
    if (!picked.ok) return picked;
    const decided = restartRelease(picked.value, { ...this.act(actor), reason }, this.deps.policy);
    if (!decided.ok) return decided;
    return ok(this.commit(picked.value, decided.value));
  }

  abort(version: Version | undefined, actor: Person, reason: string): Result<Change> {
    const picked = this.pickActive(version, 'release abort <version> <reason>');
    if (!picked.ok) return picked;
    const decided = abortRelease(picked.value, { ...this.act(actor), reason });
    if (!decided.ok) return decided;
    return ok(this.commit(picked.value, decided.value));
  }

  /**
   * A lead judged a commit that landed on the release branch after the current RC trivial: record it, so
   * the branch watcher does not ask about it again and the history says who decided it and why.
   */
  ignoreCommit(version: Version | undefined, actor: Person, sha: string, reason: string): Result<StoredRelease> {
    const picked = this.pickActive(version, 'release ignore <version> <sha> <reason>');
    if (!picked.ok) return picked;
    const release = picked.value;
    this.deps.store.events.append({
      releaseId: release.id,
      at: this.deps.clock.now(),
      actor: actor.id ?? actor.name,
      kind: IGNORED_COMMIT,
      summary: `ignored commit ${sha} on ${releaseBranch(release.version)} (kept ${rcTag(release.version, release.rc)})`,
      reason,
    });
    return ok(release);
  }

  /** The commit ids (as the leads typed them, possibly abbreviated) that the leads chose to ignore. */
  ignoredCommits(release: StoredRelease): string[] {
    return this.deps.store.events.ofKind(release.id, IGNORED_COMMIT).map((e) => /^ignored commit (\S+)/.exec(e.summary)?.[1] ?? '').filter(Boolean);
  }

  /**
   * A lead settles an undelivered effect listed by `release status`: `dismiss` gives up on it (it is never
   * sent), `retry` queues it again as it was composed. Recorded in the release's history.
   */
  settleDelivery(id: number, actor: Person, how: 'dismiss' | 'retry', reason: string): Result<OutboxEntry> {
    const { store } = this.deps;
    // What status lists: failed posts, and pending ones that have failed at least once (dismissable only).
    const listed = store.outbox.problems();
    const entry = listed.find((p) => p.id === id);
    if (!entry || (how === 'retry' && entry.status !== 'failed')) {
      const ids = listed.map((p) => `#${p.id}`);
      return fail(`#${id} is not an undelivered post${how === 'retry' ? ' that failed' : ''}. ${ids.length ? `Listed now: ${ids.join(', ')}.` : 'Nothing is waiting.'}`);
    }
    const now = this.deps.clock.now();
    const by = actor.id ?? actor.name;
    const settled = store.transaction(() => {
      // Listed before this transaction: if another writer settled or delivered it since, record nothing.
      if (!(how === 'dismiss' ? store.outbox.dismiss(id, `dismissed by ${by}: ${reason}`) : store.outbox.requeue(id, now))) return false;
      store.events.append({ releaseId: entry.releaseId, at: now, actor: by, kind: how === 'dismiss' ? 'post-dismissed' : 'post-retried', summary: `${how === 'dismiss' ? 'dismissed' : 'retried'} #${id} (${entry.destination} ${entry.payload.action})`, reason: reason || null });
      return true;
    });
    if (!settled) return fail(`#${id} changed while I was settling it (delivered, or settled by someone else); nothing was changed.`);
    if (how === 'retry') this.deps.onCommitted();
    return ok(entry);
  }

  /**
   * Record an early tester's answer for the current RC and stage; a later answer replaces an earlier one.
   * `sentAt` is when they sent it (earlier than now if read after downtime).
   */
  answer(version: Version | undefined, person: Person, answer: TesterAnswer, note: string | null, sentAt?: number): Result<TesterRound> {
    if (person.org === null || person.id === null) return fail('Only enrolled early testers can answer.');
    const picked = this.pickTesterRelease(version, person.org);
    if (!picked.ok) return picked;
    const release = picked.value;
    // Never in the future (a skewed client clock), never before the RC reached this stage.
    const now = this.deps.clock.now();
    const enteredAt = release.visits[release.visits.length - 1]?.enteredAt ?? now;
    const at = Math.max(enteredAt, Math.min(sentAt ?? now, now));
    const tag = rcTag(release.version, release.rc);
    const personId = person.id;
    const org = person.org;
    const outcome = this.deps.store.transaction(() => {
      // The release was picked before this transaction: if another writer moved it since, this round is over.
      if (this.deps.store.releases.byVersion(formatVersion(release.version))?.revision !== release.revision) return 'moved';
      if (!this.deps.store.answers.record({ releaseId: release.id, rc: release.rc, stage: release.stage }, { org, person: personId, answer, note, at })) {
        return 'known';
      }
      this.deps.store.events.append({
        releaseId: release.id,
        at,
        actor: personId,
        kind: 'answered',
        summary: `${org} answered ${answer} for ${tag} (${STAGE_NAMES[release.stage]})`,
        reason: note,
      });
      // The leads hear of a problem at once, with the tester's note; the key is this answer's identity.
      if (answer === 'issue') {
        this.queueNotice({
          key: `tester-issue:${tag}:stage-${release.stage}:${personId}:${at}`,
          text: `${person.name} (${org}) found a problem on ${tag} (${STAGE_NAMES[release.stage]}): ${note ?? 'no note given (answered on the poll)'}. The gate stays closed until they answer ok or skip, or a lead passes it with ${this.deps.prefix}release advance --force <reason>.`,
          releaseId: release.id,
        });
      }
      return 'recorded';
    });
    if (outcome === 'moved') return fail(`${tag} changed while I was recording your answer; nothing was recorded. Please answer again.`);
    if (outcome === 'recorded' && answer === 'issue') this.deps.onCommitted();
    // pickTesterRelease only returns releases in a tester stage, and commands run one at a time.
    return ok(roundIn(this.deps, release, environmentOf(release.stage) ?? 'dev'));
  }

  // ---- internals -----------------------------------------------------------------------------

  private pickTesterRelease(version: Version | undefined, org: string): Result<StoredRelease> {
    const inTesting = this.active().filter((r) => environmentOf(r.stage) !== undefined);
    if (version !== undefined) {
      const found = inTesting.find((r) => compareVersions(r.version, version) === 0);
      if (!found) return fail(`${formatVersion(version)} is not waiting for testers. ${this.testingList(inTesting)}`);
      return this.enrolled(found, org);
    }
    if (inTesting.length === 0) return fail(`No release candidate is waiting for testers right now. ${this.activeList()}`);
    const mine = inTesting.filter((r) => this.enrolled(r, org).ok);
    if (mine.length === 1 && mine[0]) return ok(mine[0]);
    if (mine.length === 0) return this.enrolled(inTesting[0]!, org);
    return fail(`Several releases are waiting for testers: ${describeActive(mine)}. Which one? For example: ${this.deps.prefix}tested ${formatVersion(mine[0]!.version)} ok`);
  }

  private enrolled(release: StoredRelease, org: string): Result<StoredRelease> {
    const environment = environmentOf(release.stage);
    const enrolment = this.deps.roster.testers.find((t) => t.org === org);
    if (environment && enrolment && !enrolment.environments.includes(environment)) {
      return fail(`${org} takes part in ${enrolment.environments.join(' and ')} testing only; ${rcTag(release.version, release.rc)} is in ${environment} testing.`);
    }
    return ok(release);
  }

  private async gateInputs(release: StoredRelease): Promise<GateInputs> {
    switch (gateNeeds(release.stage)) {
      case 'ci':
        return { ci: await this.deps.ci.statusOf(releaseBranch(release.version)) };
      case 'signoff':
        return { signoff: this.testerRound(release)?.verdict };
      case 'nothing':
        return {};
    }
  }

  /**
   * `before` is the stored release the transition changes (null for a new one); `origin` says where a new one came from. `refusal`, run first inside
   * the transaction, says why the change may no longer be made (null: go ahead); the transaction then
   * writes nothing and RefusedInTransaction carries the reason.
   */
  private commit(before: StoredRelease | null, transition: Transition, refusal?: () => string | null, origin: ReleaseOrigin = 'stagehand'): Change {
    const { store } = this.deps;
    const id = before?.id ?? null;
    const { version } = transition.release;
    const previous = store.releases.previousReleased(version);
    // A feature release branches from the default branch; a patch from the release it patches.
    const base = version.patch > 0 && previous && sameLine(previous, version) ? formatVersion(previous) : this.deps.defaultBranch;
    const drafts = this.deps.composer.compose({
      release: transition.release,
      occurrence: transition.occurrence,
      actor: transition.actor,
      at: transition.at,
      testers: this.deps.roster.testers,
      base,
      previousRelease: previous ? formatVersion(previous) : null,
      projectedRelease: projectStages(transition.release, transition.at, this.deps.policy).find((s) => s.stage === 4)?.start ?? null,
      signoff: id !== null && transition.occurrence.type === 'stage-entered' && transition.occurrence.stage === 4 ? this.signoffOf(id, transition.release) : [],
      closingRound: before ? this.closingRound(before) : null,
      nameOf: (personId) => this.deps.roster.nameOf(personId),
    });
    const saved = store.transaction(() => {
      const refused = refusal?.() ?? null;
      if (refused !== null) throw new RefusedInTransaction(refused);
      const stored = id === null ? store.releases.insert(transition.release, origin) : store.releases.update(id, transition.release);
      store.events.append({ releaseId: stored.id, at: transition.at, actor: transition.actor, ...describeTransition(transition) });
      store.outbox.enqueue(
        drafts.flatMap((draft) =>
          this.deps.targetsOf(draft.destination, audienceOf(draft.payload)).map((target) => ({
            key: targetKey(draft.key, target),
            releaseId: stored.id,
            destination: draft.destination,
            target,
            payload: draft.payload,
            createdAt: transition.at,
          })),
        ),
      );
      return stored;
    });
    this.deps.onCommitted();
    const posts = drafts
      .filter((d) => this.deps.targetsOf(d.destination, audienceOf(d.payload)).length > 0)
      .map((d) => `${d.destination}: ${d.payload.action}`);
    return { release: saved, posts };
  }

  /** The testers' round a release is in before a transition, whose poll the transition closes. */
  private closingRound(before: StoredRelease): ClosingRound | null {
    if (!hasPoll(before.stage)) return null;
    const round = this.testerRound(before);
    return round ? { rc: before.rc, stage: before.stage, signoff: round.signoff } : null;
  }

  /** The released RC's answers in each tester stage it went through, for the issue's closing summary. */
  private signoffOf(releaseId: number, release: Release): SignoffRecord[] {
    const stages = [...new Set(release.visits.filter((v) => v.rc === release.rc && environmentOf(v.stage) !== undefined).map((v) => v.stage))];
    return stages.map((stage) => {
      const environment = environmentOf(stage) ?? 'dev';
      const orgs = enrolledFor(this.deps.roster.testers, environment);
      return { environment, orgs: summariseSignoff(orgs, this.deps.store.answers.forRound({ releaseId, rc: release.rc, stage })) };
    });
  }

  private act(actor: Person): { actor: string; now: number } {
    return { actor: actor.id ?? actor.name, now: this.deps.clock.now() };
  }

  private activeList(): string {
    const active = this.active();
    return active.length === 0 ? 'No release is active.' : `Active: ${describeActive(active)}.`;
  }

  private testingList(inTesting: readonly StoredRelease[]): string {
    return inTesting.length === 0 ? 'No release is in community testing now.' : `In testing: ${describeActive(inTesting)}.`;
  }
}

/** A change found not allowed once inside its transaction (another writer got there first); nothing was written. */
class RefusedInTransaction extends Error {}

function describeActive(releases: readonly StoredRelease[]): string {
  return releases.map((r) => `${formatVersion(r.version)} (stage ${r.stage}, rc${r.rc})`).join(', ');
}
