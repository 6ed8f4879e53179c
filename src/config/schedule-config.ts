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

const CRON = 'When it is checked: a five-field cron expression (minute hour day month weekday), checked by node-cron at start.';

export const SCHEDULE_DEFAULTS = {
  digest: { cron: '0 9 * * 1-5' },
  overdue: { cron: '0 * * * *' },
  cadence: { cron: '0 9 * * *', daysBefore: 3 },
  afterRelease: { cron: '0 * * * *', afterHours: 48 },
  testers: { cron: '0 * * * *', afterDays: 2 },
} as const;

export const scheduleSchema = z
  .strictObject({
    timeZone: zone.optional().describe('The IANA time zone the cron expressions are read in. Default: the top-level `timeZone`.'),
    digest: z
      .strictObject({ cron: cron.default(SCHEDULE_DEFAULTS.digest.cron).describe(CRON) })
      .default(SCHEDULE_DEFAULTS.digest)
      .describe('The leads\' daily digest: each active release\'s stage and time in it, testers not answered, posts failing, the next branch date.'),
    overdue: z
      .strictObject({ cron: cron.default(SCHEDULE_DEFAULTS.overdue.cron).describe(CRON) })
      .default(SCHEDULE_DEFAULTS.overdue)
      .describe('How often overdue stages are checked; each overdue stage is mentioned once, then once a day.'),
    cadence: z
      .strictObject({
        cron: cron.default(SCHEDULE_DEFAULTS.cadence.cron).describe(CRON),
        daysBefore: z.number().int().min(1).max(30).default(3).describe('Days before the branch date of the first reminder.'),
      })
      .default(SCHEDULE_DEFAULTS.cadence)
      .describe('Branch-day reminders: `daysBefore` the six-week branch date and on the day, at the first check.'),
    afterRelease: z
      .strictObject({
        cron: cron.default(SCHEDULE_DEFAULTS.afterRelease.cron).describe(CRON),
        afterHours: z.number().positive().max(24 * 365).default(48).describe('Hours after a release reached stage 4 with no next release started.'),
      })
      .default(SCHEDULE_DEFAULTS.afterRelease)
      .describe('One reminder when no next release has started `afterHours` after a release.'),
    testers: z
      .strictObject({
        cron: cron.default(SCHEDULE_DEFAULTS.testers.cron).describe(CRON),
        afterDays: z.number().positive().max(60).default(2).describe('Days into stage 2 or 3 before the first reminder.'),
      })
      .default(SCHEDULE_DEFAULTS.testers)
      .describe('Testers who have not answered `afterDays` into stage 2 or 3 are reminded in the testers\' rooms, then once a day.'),
  })
  .default(SCHEDULE_DEFAULTS)
  .describe('When each kind of reminder is checked. A bad expression or zone stops start-up, naming the key.');

export type ScheduleConfig = z.infer<typeof scheduleSchema>;
