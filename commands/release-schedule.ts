import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, list, reply, type Block } from '../src/commands-kit/reply.js';
import { nextBranchDates, projectStages, type ProjectedStage } from '../src/release/cadence.js';
import { STAGE_NAMES } from '../src/release/stages.js';
import { formatVersion, rcTag, type Version } from '../src/release/version.js';
import { ok } from '../src/ground/result.js';
import type { StoredRelease } from '../src/store/release-repo.js';
import type { Upcoming } from '../src/schedule/reminders.js';
import { formatDate, formatDateTime } from '../src/ground/time-format.js';

interface ScheduleData {
  readonly branchDates: readonly string[];
  /** The version the first branch date cuts, if any feature release is known. */
  readonly nextVersion: Version | null;
  readonly projections: readonly { release: StoredRelease; stages: readonly ProjectedStage[] }[];
  /** The reminders that will fire as things stand, soonest first (none where no scheduler runs). */
  readonly reminders: readonly Upcoming[];
}

/** Enough to see the next few days; the list only grows with the number of active releases. */
const MAX_REMINDERS = 12;

export const releaseSchedule = defineCommand<ScheduleData>({
  name: 'release schedule',
  summary: 'The next feature branch dates (every six weeks), the projected dates of active releases, and the reminders due next.',
  role: 'anyone',
  args: [],
  changesState: false,
  examples: ['!release schedule'],
  execute(ctx) {
    const now = ctx.clock.now();
    return ok({
      branchDates: nextBranchDates(ctx.cadence, now, 3),
      nextVersion: ctx.desk.nextFeatureVersion(),
      projections: ctx.desk.active().map((release) => ({ release, stages: projectStages(release, now, ctx.policy) })),
      reminders: ctx.schedule?.upcoming().slice(0, MAX_REMINDERS) ?? [],
    });
  },
  render(data, ctx) {
    const blocks: Block[] = [
      line(`Next feature branch dates (every ${ctx.cadence.everyWeeks} weeks, whatever happened to earlier releases):`),
      list(data.branchDates.map((d, i) => [d, data.nextVersion ? ` — ${formatVersion({ ...data.nextVersion, minor: data.nextVersion.minor + i })}` : ''])),
    ];
    const running = data.projections.filter((p) => p.release.kind === 'feature');
    if (running.length > 0) {
      blocks.push(line(`Still running: ${running.map((p) => `${rcTag(p.release.version, p.release.rc)} (stage ${p.release.stage})`).join(', ')}; the next branch date holds regardless.`));
    }
    for (const { release, stages } of data.projections) {
      blocks.push(line(`${rcTag(release.version, release.rc)} projection (if each stage takes its expected time):`));
      blocks.push(
        list(
          stages.map((s) =>
            s.stage === 4
              ? [`release ${formatVersion(release.version)}: ${formatDate(s.start, ctx.timeZone)}`]
              : [`stage ${s.stage} (${STAGE_NAMES[s.stage]}): ${s.current ? 'now' : formatDate(s.start, ctx.timeZone)} → ${formatDate(s.end, ctx.timeZone)}`],
          ),
        ),
      );
    }
    if (data.projections.length === 0) blocks.push(line('No release is active.'));
    if (ctx.schedule) {
      const zone = ctx.schedule.timeZone;
      blocks.push(line(`Reminders due next (${zone}):`));
      blocks.push(
        data.reminders.length > 0
          ? list(data.reminders.map((r) => [`${formatDateTime(r.at, zone)} — ${r.what}`]))
          : line('  (none as things stand)'),
      );
      blocks.push(line(`Checks: ${ctx.schedule.checks.map((c) => `${c.kind} "${c.cron}"`).join(', ')}.`));
    }
    return reply('info', ...blocks);
  },
});
