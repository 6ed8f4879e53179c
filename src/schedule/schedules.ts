/**
 * The reminders' wiring: one cron-timed job per reminder kind, on the injected clock, claiming slots
 * through the store-backed run coordinator. The composition root builds one and starts it after the
 * local clock offset is restored.
 */
import type { Config } from '../config/schema.js';
import type { ReleaseDesk } from '../desk/release-desk.js';
import type { Logger } from '../log/logger.js';
import type { Roster } from '../people/roster.js';
import type { Cadence } from '../release/cadence.js';
import type { Store } from '../store/store.js';
import { DAY, HOUR, type AdjustableClock } from '../ground/clock.js';
import { CronSlots } from './cron-slots.js';
import { REMINDER_KINDS, type ReminderContext, type ReminderKind, type Upcoming } from './reminders.js';
import { StoreRunCoordinator } from './run-coordinator.js';
import { Scheduler } from './scheduler.js';

const LAST_RAN = 'schedule-last-ran';

const CONFIG_KEY: Readonly<Record<ReminderKind, keyof Omit<Config['schedule'], 'timeZone'>>> = {
  digest: 'digest',
  overdue: 'overdue',
  cadence: 'cadence',
  'after-release': 'afterRelease',
  testers: 'testers',
};

/** What `!release schedule` shows about the reminders. */
export interface ScheduleView {
  readonly timeZone: string;
  /** Each kind's cron expression. */
  readonly checks: readonly { kind: ReminderKind; cron: string }[];
  /** Reminders that will fire as things stand, soonest first. */
  upcoming(): Upcoming[];
}

export interface Schedules extends ScheduleView {
  start(): Promise<void>;
  stop(): void;
  /** Move the clock through `move`; very long moves count as downtime (one late catch-up per kind). */
  moveClock(target: number, move: () => Promise<void>): Promise<void>;
}

export interface SchedulesDeps {
  readonly config: Config;
  readonly store: Store;
  readonly desk: ReleaseDesk;
  readonly roster: Roster;
  readonly cadence: Cadence;
  readonly clock: AdjustableClock;
  readonly log: Logger;
}

export function createSchedules(deps: SchedulesDeps): Schedules {
  const { config, store, desk, clock } = deps;
  const schedule = config.schedule;
  const timeZone = schedule.timeZone ?? config.timeZone;
  const sent = (key: string): boolean => desk.noticeQueued(key);
  const ctx: ReminderContext = {
    desk,
    roster: deps.roster,
    cadence: deps.cadence,
    prefix: config.commandPrefix,
    defaultBranch: config.project.defaultBranch,
    timeZone,
    now: () => clock.now(),
    sent,
    cadenceDaysBefore: schedule.cadence.daysBefore,
    afterReleaseMs: schedule.afterRelease.afterHours * HOUR,
    testersAfterMs: schedule.testers.afterDays * DAY,
  };
  const kinds = REMINDER_KINDS.map((spec) => ({ spec, cron: schedule[CONFIG_KEY[spec.kind]].cron }));
  const jobs = kinds.map(({ spec, cron }) => ({
    name: spec.kind,
    slots: new CronSlots(cron, timeZone),
    due: (slot: number, late: boolean) => spec.due(ctx, slot, late),
    spec,
  }));
  const scheduler = new Scheduler({
    clock,
    coordinator: new StoreRunCoordinator(store.db, clock),
    jobs,
    notify: (notice) => desk.notify(notice),
    sent,
    lastRan: {
      get: () => {
        const value = store.settings.get(LAST_RAN);
        return value === undefined ? undefined : Number(value);
      },
      set: (at) => store.settings.set(LAST_RAN, String(at)),
    },
    log: deps.log,
    writes: store.writes,
  });
  return {
    timeZone,
    checks: kinds.map(({ spec, cron }) => ({ kind: spec.kind, cron })),
    upcoming: () => jobs.flatMap((job) => job.spec.upcoming(ctx, job.slots)).sort((a, b) => a.at - b.at),
    start: () => scheduler.start(),
    stop() {
      scheduler.stop();
      for (const job of jobs) job.slots.dispose();
    },
    moveClock: (target, move) => scheduler.moveClock(target, move),
  };
}
