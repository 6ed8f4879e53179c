import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply } from '../src/commands-kit/reply.js';
import type { Change } from '../src/desk/release-desk.js';
import { formatVersion } from '../src/release/version.js';
import { fail } from '../src/ground/result.js';
import { postsLine } from './shared/posts-line.js';

export const releaseAbort = defineCommand<Change>({
  name: 'release abort',
  summary: 'Stop a release for good; its version cannot be reused.',
  role: 'lead',
  args: [
    { name: 'version', kind: 'version', optional: true },
    { name: 'reason', kind: 'text', optional: false },
  ],
  changesState: true,
  examples: ['!release abort v0.4.23 superseded by v0.5.0'],
  execute(ctx, args) {
    const reason = args.values['reason'];
    if (!reason) return fail('An abort needs a reason.');
    return ctx.desk.abort(args.version, ctx.person, reason);
  },
  render({ release, posts }) {
    return reply('ok', line(`Aborted ${formatVersion(release.version)} at stage ${release.stage}.`), postsLine(posts));
  },
});
