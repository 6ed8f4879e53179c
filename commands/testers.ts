import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply, type Block } from '../src/commands-kit/reply.js';
import type { TesterRound } from '../src/desk/release-desk.js';
import { formatVersion, rcTag } from '../src/release/version.js';
import { ok } from '../src/result.js';
import type { StoredRelease } from '../src/store/release-repo.js';
import { signoffBlocks } from '../src/text/release-views.js';

interface TestersData {
  readonly rounds: readonly TesterRound[];
  readonly notTesting: readonly StoredRelease[];
}

export const testers = defineCommand<TestersData>({
  name: 'testers',
  summary: 'The early testers’ sign-off for the current RC: who answered what, when, and who has not.',
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
    const rounds = releases.map((r) => ctx.desk.testerRound(r)).filter((r): r is TesterRound => r !== null);
    const testing = new Set(rounds.map((r) => r.release.id));
    return ok({ rounds, notTesting: releases.filter((r) => !testing.has(r.id)) });
  },
  render(data, ctx) {
    const view = { now: ctx.clock.now(), timeZone: ctx.timeZone, nameOf: ctx.nameOf };
    const blocks: Block[] = data.rounds.flatMap((round) => signoffBlocks(round, view));
    for (const r of data.notTesting) {
      if (r.status !== 'active') {
        blocks.push(line(`${formatVersion(r.version)} is ${r.status}; its testers are no longer asked. ${ctx.prefix}release history ${formatVersion(r.version)} has their answers.`));
        continue;
      }
      const asked = r.kind === 'patch' ? 'stage 3 (prod) only' : 'stages 2 (dev) and 3 (prod)';
      blocks.push(line(`${rcTag(r.version, r.rc)} is at stage ${r.stage}; testers are asked at ${asked}.`));
    }
    if (blocks.length === 0) blocks.push(line('No release is active, so no testers are being asked.'));
    return reply('info', ...blocks);
  },
});
