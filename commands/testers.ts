import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply, type Block } from '../src/commands-kit/reply.js';
import type { SignoffMatrix } from '../src/desk/release-desk.js';
import { formatVersion, rcTag } from '../src/release/version.js';
import { ok } from '../src/ground/result.js';
import type { StoredRelease } from '../src/store/release-repo.js';
import { signoffMatrixBlocks } from '../src/views/signoff-matrix.js';

interface TestersData {
  readonly matrices: readonly SignoffMatrix[];
  readonly notTesting: readonly StoredRelease[];
}

export const testers = defineCommand<TestersData>({
  name: 'testers',
  summary: 'The early testers’ sign-off matrix for the current RC: each organisation × dev/prod, who answered what, when, and who has not.',
  role: 'anyone',
  args: [{ name: 'version', kind: 'version', optional: true }],
  changesState: false,
  examples: ['!testers', '!testers v0.5.0'],
  execute(ctx, args) {
    let releases = ctx.desk.active();
    if (args.version) {
      const found = ctx.desk.lookup(args.version);
      if (!found.ok) return found;
      releases = [found.value];
    }
    const matrices = releases.map((r) => ctx.desk.signoffMatrix(r)).filter((m): m is SignoffMatrix => m !== null);
    const testing = new Set(matrices.map((m) => m.release.id));
    return ok({ matrices, notTesting: releases.filter((r) => !testing.has(r.id)) });
  },
  render(data, ctx) {
    const view = { now: ctx.clock.now(), timeZone: ctx.timeZone, nameOf: ctx.nameOf };
    const blocks: Block[] = data.matrices.flatMap((matrix) => signoffMatrixBlocks(matrix, view));
    for (const r of data.notTesting) {
      if (r.status !== 'active') {
        blocks.push(line(`${formatVersion(r.version)} is ${r.status}; its testers are no longer asked. ${ctx.prefix}release history ${formatVersion(r.version)} has their answers.`));
        continue;
      }
      const asked = r.process === 'patch' ? 'stage 3 (prod) only' : 'stages 2 (dev) and 3 (prod)';
      blocks.push(line(`${rcTag(r.version, r.rc)} is at stage ${r.stage}; testers are asked at ${asked}.`));
    }
    if (blocks.length === 0) blocks.push(line('No release is active, so no testers are being asked.'));
    return reply('info', ...blocks);
  },
});
