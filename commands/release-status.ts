import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, list, reply, type Block } from '../src/commands-kit/reply.js';
import type { ReleaseDesk, SignoffMatrix } from '../src/desk/release-desk.js';
import { formatVersion } from '../src/release/version.js';
import { ok } from '../src/ground/result.js';
import { storageCauseShort } from '../src/commands-kit/storage-words.js';
import type { Outage } from '../src/store/write-health.js';
import type { OutboxEntry } from '../src/store/outbox-repo.js';
import type { StoredRelease } from '../src/store/release-repo.js';
import { releaseHeadline, releaseMarks } from '../src/views/release-views.js';
import { signoffMatrixBlocks } from '../src/views/signoff-matrix.js';
import { formatDate, formatDateTime } from '../src/ground/time-format.js';

interface StatusData {
  readonly releases: readonly { release: StoredRelease; matrix: SignoffMatrix | null; projected: number | null; checklist?: ReturnType<ReleaseDesk['issueChecklist']> }[];
  readonly lastEnded: StoredRelease | null;
  readonly problems: readonly OutboxEntry[];
  readonly storage: Outage | null;
}

export const releaseStatus = defineCommand<StatusData>({
  name: 'release status',
  summary: 'Where each active release stands: stage, time in stage, testers, overrides, undelivered posts.',
  role: 'anyone',
  args: [{ name: 'version', kind: 'version', optional: true }],
  changesState: false,
  examples: ['!release status', '!release status v0.5.0'],
  execute(ctx, args) {
    const { desk } = ctx;
    let releases: StoredRelease[];
    if (args.version) {
      const found = desk.lookup(args.version);
      if (!found.ok) return found;
      releases = [found.value];
    } else {
      releases = desk.active();
    }
    const names = new Set(releases.map((r) => formatVersion(r.version)));
    return ok({
      releases: releases.map((release) => ({ release, matrix: desk.signoffMatrix(release), projected: desk.projectedRelease(release), checklist: desk.issueChecklist(release) })),
      lastEnded: releases.length === 0 ? (desk.recentlyEnded(1)[0] ?? null) : null,
      problems: desk.deliveryProblems().filter((p) => args.version === undefined || (p.release !== null && names.has(p.release))),
      storage: desk.storageOutage(),
    });
  },
  render(data, ctx) {
    const view = { now: ctx.clock.now(), timeZone: ctx.timeZone, nameOf: ctx.nameOf };
    const blocks: Block[] = [];
    if (data.storage) {
      const { since, fault } = data.storage;
      blocks.push(line(`Storage: writes failing since ${formatDateTime(since, ctx.timeZone)} (${storageCauseShort(fault.kind)}); changes cannot be recorded until it is fixed.`));
    }
    if (data.releases.length === 0) {
      blocks.push(line(`No release is active. A lead starts one with ${ctx.prefix}release new <version>.`));
      if (data.lastEnded) {
        // One line: "Last: v0.5.0 — feature release, released on …", not a dangling "Last: " above it.
        const headline = releaseHeadline(data.lastEnded, view);
        blocks.push(headline.kind === 'line' ? line('Last: ', ...headline.inlines) : headline);
      }
    }
    for (const { release, matrix, projected, checklist } of data.releases) {
      blocks.push(releaseHeadline(release, view));
      if (projected !== null) blocks.push(line(`  projected release: ${formatDate(projected, ctx.timeZone)}`));
      if (checklist) {
        const unticked = checklist.untickedByPeople > 0 ? `; ${checklist.untickedByPeople} of Stagehand's ticks undone by people` : '';
        blocks.push(line(`  release issue checklist: ${checklist.ticked} of ${checklist.total} ticked, ${checklist.tickedByPeople} of them by people${unticked} (as read ${formatDateTime(checklist.readAt, ctx.timeZone)})`));
      }
      blocks.push(...releaseMarks(release, view));
      if (matrix) blocks.push(...signoffMatrixBlocks(matrix, view));
    }
    if (data.problems.length > 0) {
      blocks.push(line(`Posts not delivered yet (${data.problems.length}; a lead can ${ctx.prefix}release retry or ${ctx.prefix}release dismiss a #number):`));
      blocks.push(
        list(
          data.problems.map((p) => [
            `#${p.id} ${p.destination}${p.target ? ` ${p.target}` : ''} ${p.payload.action} for ${p.release ?? 'no release'}: `,
            p.status === 'failed' ? `failed — ${p.lastError ?? 'unknown error'}` : `retrying (attempt ${p.attempts}) — ${p.lastError ?? ''}`,
          ]),
        ),
      );
    }
    return reply('info', ...blocks);
  },
});
