/**
 * The `schedule` section: when Stagehand checks for each kind of reminder, in which time zone, and the
 * delays that decide when a reminder is due. Cron expressions are checked by node-cron itself at start, so
 * an expression the scheduler could not run is refused with the key that holds it.
 */
import { validateDetailed } from 'node-cron';
import { z } from 'zod';
import { isValidTimeZone } from '../ground/time-format.js';

const cron = z.string().superRefine((expression, ctx) => {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    // Six-field (seconds) expressions would let a typo ping the leads every second.
    ctx.addIssue({ code: 'custom', message: `must be a five-field cron expression (minute hour day month weekday), got "${expression}"` });
    return;
  }
  const checked = validateDetailed(expression);
  if (!checked.valid) {
    ctx.addIssue({ code: 'custom', message: `is not a valid cron expression: ${checked.errors.map((e) => e.message).join('; ')}` });
  }
});

const zone = z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin');

export const SCHEDULE_DEFAULTS = {
  digest: { cron: '0 9 * * 1-5' },
  overdue: { cron: '0 * * * *' },
  cadence: { cron: '0 9 * * *', daysBefore: 3 },
  afterRelease: { cron: '0 * * * *', afterHours: 48 },
  testers: { cron: '0 * * * *', afterDays: 2 },
} as const;

export const scheduleSchema = z
  .strictObject({
    /** Default: the top-level `timeZone`. */
    timeZone: zone.optional(),
    /** The leads' daily digest. */
    digest: z.strictObject({ cron: cron.default(SCHEDULE_DEFAULTS.digest.cron) }).default(SCHEDULE_DEFAULTS.digest),
    /** How often overdue stages are checked; each overdue stage is mentioned once, then once a day. */
    overdue: z.strictObject({ cron: cron.default(SCHEDULE_DEFAULTS.overdue.cron) }).default(SCHEDULE_DEFAULTS.overdue),
    /** Branch-day reminders: `daysBefore` the six-week branch date and on the day, at the first check. */
    cadence: z
      .strictObject({ cron: cron.default(SCHEDULE_DEFAULTS.cadence.cron), daysBefore: z.number().int().min(1).max(30).default(3) })
      .default(SCHEDULE_DEFAULTS.cadence),
    /** A reminder when no next release has started `afterHours` after a release. */
    afterRelease: z
      .strictObject({ cron: cron.default(SCHEDULE_DEFAULTS.afterRelease.cron), afterHours: z.number().positive().max(24 * 365).default(48) })
      .default(SCHEDULE_DEFAULTS.afterRelease),
    /** Testers who have not answered `afterDays` into stage 2 or 3 are reminded, then once a day. */
    testers: z
      .strictObject({ cron: cron.default(SCHEDULE_DEFAULTS.testers.cron), afterDays: z.number().positive().max(60).default(2) })
      .default(SCHEDULE_DEFAULTS.testers),
  })
  .default(SCHEDULE_DEFAULTS);

export type ScheduleConfig = z.infer<typeof scheduleSchema>;
