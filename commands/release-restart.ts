import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply } from '../src/commands-kit/reply.js';
import type { Change } from '../src/desk/release-desk.js';
import { rcTag } from '../src/release/version.js';
import { fail } from '../src/ground/result.js';
import { formatDuration } from '../src/ground/time-format.js';
import { postsLine } from './shared/posts-line.js';

export const releaseRestart = defineCommand<Change>({
  name: 'release restart',
  summary: 'A non-trivial fix was merged: cut the next RC and start again at stage 0 (completed stages are compressed).',
  role: 'lead',
  args: [
    { name: 'version', kind: 'version', optional: true },
    { name: 'reason', kind: 'text', optional: false },
  ],
  changesState: true,
  examples: ['!release restart fix for the bitswap CPU regression merged', '!release restart v0.5.0 #6255 merged'],
  execute(ctx, args) {
    const reason = args.values['reason'];
    if (!reason) return fail('A restart needs a reason.');
    return ctx.desk.restart(args.version, ctx.person, reason);
  },
  render({ release, posts }, ctx) {
    return reply(
      'ok',
      line(`Cut ${rcTag(release.version, release.rc)}: back at stage 0. Stages already completed once now take ${formatDuration(ctx.policy.compressedMs)} at most; testers' answers start afresh for this RC.`),
      postsLine(posts),
    );
  },
});
