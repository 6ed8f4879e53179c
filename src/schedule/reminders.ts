/**
 * What Stagehand reminds people of, and when each reminder is due. Every reminder has an identity
 * `remind:<kind>:<release or all>:<slot>`; the desk posts a key once, so a reminder judged due again (the
 * next hourly check, a restart, a second instance) is not sent again. Each kind is judged on the state now,
 * so nothing is sent about something already done, and on the slot's time, so a late catch-up sends what
 * that slot would have sent (not the next one early).
 */
import type { Notice, ReleaseDesk, TesterRound } from '../desk/release-desk.js';
import type { Roster } from '../people/roster.js';
import { dayNumber, nextBranchDates, type Cadence } from '../release/cadence.js';
import { gateNeeds } from '../release/gates.js';
import { STAGE_NAMES, stageLabel } from '../release/stages.js';
import { currentVisit } from '../release/types.js';
import { formatVersion, rcTag, releaseBranch } from '../release/version.js';
import type { StoredRelease } from '../store/release-repo.js';
import { formatDate, formatDateTime, formatDuration } from '../ground/time-format.js';
import { DAY } from '../ground/clock.js';
import type { CronSlots } from './cron-slots.js';

export type ReminderKind = 'digest' | 'overdue' | 'cadence' | 'after-release' | 'testers';

export interface ReminderContext {
  readonly desk: ReleaseDesk;
  readonly roster: Roster;
  readonly cadence: Cadence;
  readonly prefix: string;
  readonly defaultBranch: string;
  readonly timeZone: string;
  readonly now: () => number;
  readonly sent: (key: string) => boolean;
  readonly cadenceDaysBefore: number;
  readonly afterReleaseMs: number;
  readonly testersAfterMs: number;
}

/** A reminder that will fire (as far as the state now tells), for `!release schedule`. */
export interface Upcoming {
  readonly at: number;
  readonly what: string;
}

export interface ReminderKindSpec {
  readonly kind: ReminderKind;
  due(ctx: ReminderContext, slot: number, late: boolean): Notice[];
  upcoming(ctx: ReminderContext, slots: CronSlots): Upcoming[];
}

const key = (kind: ReminderKind, subject: string, slot: string): string => `remind:${kind}:${subject}:${slot}`;
const visitId = (r: StoredRelease): string => `rc${r.rc}-stage${r.stage}-${currentVisit(r).enteredAt}`;
const lateNote = (ctx: ReminderContext, slot: number, late: boolean): string =>
  late ? `(Late: due ${formatDateTime(slot, ctx.timeZone)}, while Stagehand was not running.) ` : '';
/** The first check at or after `at`. */
const checkAt = (slots: CronSlots, at: number): number | null => slots.next(at - 1);

// ---- daily digest ------------------------------------------------------------------------------

const digest: ReminderKindSpec = {
  kind: 'digest',
  due(ctx, slot, late) {
    const now = ctx.now();
    // As of the slot (a late run may judge a slot that already ran): what started later is not in it.
    const active = ctx.desk.active().filter((r) => r.createdAt <= slot);
    const problems = ctx.desk.deliveryProblems().filter((p) => p.createdAt <= slot);
    if (active.length === 0 && problems.length === 0) return [];
    const lines = [`${lateNote(ctx, slot, late)}Daily digest, ${formatDate(slot, ctx.timeZone)}:`];
    for (const release of active) lines.push(`- ${releaseLine(ctx, release, now)}`);
    if (active.length === 0) lines.push('- No release is active.');
    for (const p of problems.slice(0, 5)) {
      lines.push(`- Not delivered: ${p.destination} ${p.payload.action} for ${p.release ?? 'no release'} (${p.status}${p.lastError ? `: ${p.lastError}` : ''})`);
    }
    if (problems.length > 5) lines.push(`- …and ${problems.length - 5} more undelivered posts (${ctx.prefix}release status).`);
    const [branchDate] = nextBranchDates(ctx.cadence, now, 1);
    lines.push(`Next branch date: ${branchDate ?? '?'} (${nextVersionName(ctx)}).`);
    return [{ key: key('digest', 'all', formatDateTime(slot, ctx.timeZone).replace(' ', 'T')), text: lines.join('\n') }];
  },
  upcoming(ctx, slots) {
    const at = slots.next(ctx.now());
    if (at === null) return [];
    const something = ctx.desk.active().length > 0 || ctx.desk.deliveryProblems().length > 0;
    return [{ at, what: something ? 'daily digest to the leads' : 'daily digest (skipped while nothing is active)' }];
  },
};

function releaseLine(ctx: ReminderContext, release: StoredRelease, now: number): string {
  const visit = currentVisit(release);
  const inStage = now - visit.enteredAt;
  const expected = visit.expectedMs === null ? 'no expected time' : `${formatDuration(visit.expectedMs)} expected`;
  const over = visit.expectedMs !== null && inStage > visit.expectedMs ? ` — overdue by ${formatDuration(inStage - visit.expectedMs)}` : '';
  const waiting = waitingOrgs(ctx.desk.testerRound(release));
  const testers = waiting.length > 0 ? `; not answered: ${waiting.join(', ')}` : '';
  return `${rcTag(release.version, release.rc)}: ${stageLabel(release.stage)} for ${formatDuration(inStage)}, ${expected}${over}${testers}`;
}

function waitingOrgs(round: TesterRound | null): string[] {
  return round ? round.signoff.filter((o) => o.state === 'waiting').map((o) => o.org) : [];
}

// ---- overdue stage -----------------------------------------------------------------------------

/** Overdue stages: `n` is how many whole days past due, so the leads hear once, then once a day. */
function overdueStages(ctx: ReminderContext, now: number): { release: StoredRelease; due: number; n: number }[] {
  return ctx.desk.active().flatMap((release) => {
    const visit = currentVisit(release);
    if (visit.expectedMs === null) return [];
    const due = visit.enteredAt + visit.expectedMs;
    return now < due ? [] : [{ release, due, n: Math.floor((now - due) / DAY) }];
  });
}

const overdue: ReminderKindSpec = {
  kind: 'overdue',
  due(ctx, slot, late) {
    const now = slot; // a late run judges what that slot would have sent
    return overdueStages(ctx, now).map(({ release, n }) => {
      const visit = currentVisit(release);
      const tag = rcTag(release.version, release.rc);
      const again = n > 0 ? ` (day ${n + 1} overdue)` : '';
      return {
        key: key('overdue', formatVersion(release.version), `${visitId(release)}-day${n}`),
        releaseId: release.id,
        text:
          `${lateNote(ctx, slot, late)}${tag} is overdue in ${stageLabel(release.stage)}${again}: ${formatDuration(now - visit.enteredAt)} there, ` +
          `${formatDuration(visit.expectedMs ?? 0)} expected. Move it on (${ctx.prefix}release advance ${formatVersion(release.version)}), or restart or abort it.`,
      };
    });
  },
  upcoming(ctx, slots) {
    const now = ctx.now();
    return ctx.desk.active().flatMap((release) => {
      const visit = currentVisit(release);
      if (visit.expectedMs === null) return [];
      const due = visit.enteredAt + visit.expectedMs;
      const n = now < due ? 0 : Math.floor((now - due) / DAY);
      const thisOneSent = ctx.sent(key('overdue', formatVersion(release.version), `${visitId(release)}-day${n}`));
      const at = checkAt(slots, Math.max(now, due + (thisOneSent ? n + 1 : n) * DAY));
      return at === null ? [] : [{ at, what: `${rcTag(release.version, release.rc)} overdue in stage ${release.stage} (then daily until it moves)` }];
    });
  },
};

// ---- six-week cadence --------------------------------------------------------------------------

/** The version the next branch cuts, or the one `later` cuts after it. */
function nextVersionName(ctx: ReminderContext, later = 0): string {
  const next = ctx.desk.nextFeatureVersion();
  return next ? formatVersion({ ...next, minor: next.minor + later }) : 'the next feature release';
}

/** The command that cuts it, when the version is known. */
function newCommand(ctx: ReminderContext): string {
  const next = ctx.desk.nextFeatureVersion();
  return `${ctx.prefix}release new ${next ? formatVersion(next) : '<version>'}`;
}

/** A feature release started in the second half of the period before `branchDate` already cut this branch. */
function branched(ctx: ReminderContext, branchDate: string): boolean {
  const from = dayNumber(branchDate) - Math.floor((ctx.cadence.everyWeeks * 7) / 2);
  const recent = [...ctx.desk.active(), ...ctx.desk.recentlyEnded(20)];
  return recent.some((r) => r.kind === 'feature' && dayNumber(formatDate(r.createdAt, ctx.cadence.timeZone)) >= from);
}

/** What keeps a release in its stage, in words a lead can act on. */
function holdOf(ctx: ReminderContext, release: StoredRelease): string {
  const round = ctx.desk.testerRound(release);
  if (round) return round.verdict.open ? 'nothing; its gate is open and a lead can advance it' : round.verdict.missing.join('; ');
  if (gateNeeds(release.stage) === 'ci') return `CI must pass on ${releaseBranch(release.version)}`;
  const visit = currentVisit(release);
  const end = visit.expectedMs === null ? '' : ` (expected by ${formatDate(visit.enteredAt + visit.expectedMs, ctx.timeZone)})`;
  return `${STAGE_NAMES[release.stage]} until a lead ends it${end}`;
}

const cadence: ReminderKindSpec = {
  kind: 'cadence',
  due(ctx, slot, late) {
    const now = slot; // a late run judges what that slot would have sent
    const [branchDate] = nextBranchDates(ctx.cadence, now, 1);
    if (branchDate === undefined || branched(ctx, branchDate)) return [];
    const daysLeft = dayNumber(branchDate) - dayNumber(formatDate(now, ctx.cadence.timeZone));
    if (daysLeft > ctx.cadenceDaysBefore) return [];
    const version = nextVersionName(ctx);
    const when = daysLeft === 0 ? `Branch day today (${branchDate})` : `Branch day in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${branchDate})`;
    const running = ctx.desk
      .active()
      .filter((r) => r.kind === 'feature')
      .map((r) => ` ${rcTag(r.version, r.rc)} is still running, at ${stageLabel(r.stage)}; what holds it: ${holdOf(ctx, r)}.`)
      .join('');
    return [
      {
        key: key('cadence', 'all', `${branchDate}-${daysLeft === 0 ? 'day' : 'before'}`),
        text: `${lateNote(ctx, slot, late)}${when}: cut ${version} from ${ctx.defaultBranch} (${newCommand(ctx)}).${running}`,
      },
    ];
  },
  upcoming(ctx, slots) {
    const now = ctx.now();
    // This branch date may already be cut (or past its check today); then the next one is what comes, and
    // it cuts the version after the one still due on this date.
    return nextBranchDates(ctx.cadence, now, 2)
      .filter((branchDate) => !branched(ctx, branchDate))
      .flatMap((branchDate, later) => {
        const version = nextVersionName(ctx, later);
        const day = dayNumber(branchDate);
        return (
          [
            ['before', day - ctx.cadenceDaysBefore],
            ['day', day],
          ] as const
        ).flatMap(([which, onDay]) => {
          if (ctx.sent(key('cadence', 'all', `${branchDate}-${which}`))) return [];
          const at = checkAt(slots, Math.max(now, slots.startOfDay(onDay)));
          if (at === null || slots.dayOf(at) > day) return [];
          return [{ at, what: which === 'day' ? `branch day ${branchDate}: cut ${version}` : `branch day ${branchDate} in ${ctx.cadenceDaysBefore} days: ${version}` }];
        });
      })
      .slice(0, 2);
  },
};

// ---- after a release ---------------------------------------------------------------------------

/** The newest release, if no release has started since it was released. */
function lastReleaseWithoutSuccessor(ctx: ReminderContext): StoredRelease | null {
  const ended = ctx.desk.recentlyEnded(20);
  const latest = ended.find((r) => r.status === 'released');
  if (!latest || latest.endedAt === null) return null;
  const endedAt = latest.endedAt;
  const successor = [...ctx.desk.active(), ...ended].some((r) => r.createdAt > endedAt);
  return successor ? null : latest;
}

const afterRelease: ReminderKindSpec = {
  kind: 'after-release',
  due(ctx, slot, late) {
    const latest = lastReleaseWithoutSuccessor(ctx);
    if (!latest || latest.endedAt === null || slot < latest.endedAt + ctx.afterReleaseMs) return [];
    const version = formatVersion(latest.version);
    return [
      {
        key: key('after-release', version, 'once'),
        releaseId: latest.id,
        text:
          `${lateNote(ctx, slot, late)}${version} was released ${formatDuration(slot - latest.endedAt)} ago and no next release has started. ` +
          `Start the next one with ${ctx.prefix}release new <version> (the next feature branch is ${nextVersionName(ctx)} on ${nextBranchDates(ctx.cadence, slot, 1)[0] ?? '?'}).`,
      },
    ];
  },
  upcoming(ctx, slots) {
    const latest = lastReleaseWithoutSuccessor(ctx);
    if (!latest || latest.endedAt === null || ctx.sent(key('after-release', formatVersion(latest.version), 'once'))) return [];
    const at = checkAt(slots, Math.max(ctx.now(), latest.endedAt + ctx.afterReleaseMs));
    return at === null ? [] : [{ at, what: `no release since ${formatVersion(latest.version)}: remind the leads` }];
  },
};

// ---- tester reminders --------------------------------------------------------------------------

const testers: ReminderKindSpec = {
  kind: 'testers',
  due(ctx, slot, late) {
    const now = slot; // a late run judges what that slot would have sent
    return ctx.desk.active().flatMap((release) => {
      const round = ctx.desk.testerRound(release);
      const waiting = waitingOrgs(round);
      const since = currentVisit(release).enteredAt;
      if (!round || waiting.length === 0 || now < since + ctx.testersAfterMs) return [];
      const n = Math.floor((now - since - ctx.testersAfterMs) / DAY);
      const tag = rcTag(release.version, release.rc);
      return [
        {
          key: key('testers', formatVersion(release.version), `${visitId(release)}-day${n}`),
          releaseId: release.id,
          audience: 'testers' as const,
          mentions: ctx.roster.testers.filter((t) => waiting.includes(t.org)).flatMap((t) => t.people),
          text:
            `${lateNote(ctx, slot, late)}Reminder: ${tag} has been in ${round.environment} testing for ${formatDuration(now - since)}. ` +
            `Please answer: ${ctx.prefix}tested ok, ${ctx.prefix}tested issue <note> or ${ctx.prefix}tested skip. Not answered yet: ${waiting.join(', ')}.`,
        },
      ];
    });
  },
  upcoming(ctx, slots) {
    const now = ctx.now();
    return ctx.desk.active().flatMap((release) => {
      const waiting = waitingOrgs(ctx.desk.testerRound(release));
      if (waiting.length === 0) return [];
      const start = currentVisit(release).enteredAt + ctx.testersAfterMs;
      const n = now < start ? 0 : Math.floor((now - start) / DAY);
      const sent = ctx.sent(key('testers', formatVersion(release.version), `${visitId(release)}-day${n}`));
      const at = checkAt(slots, Math.max(now, start + (sent ? n + 1 : n) * DAY));
      return at === null ? [] : [{ at, what: `remind testers of ${rcTag(release.version, release.rc)}: ${waiting.join(', ')}` }];
    });
  },
};

export const REMINDER_KINDS: readonly ReminderKindSpec[] = [digest, overdue, cadence, afterRelease, testers];
