import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply } from '../src/commands-kit/reply.js';
import type { Change } from '../src/desk/release-desk.js';
import { formatVersion, rcTag, releaseBranch } from '../src/release/version.js';
import { fail } from '../src/result.js';
import { postsLine } from './shared/posts-line.js';

export const releaseNew = defineCommand<Change>({
  name: 'release new',
  summary: 'Start a release: branch, first RC and release issue (a patch number above 0 makes a patch release).',
  role: 'lead',
  args: [{ name: 'version', kind: 'version', optional: false }],
  changesState: true,
  examples: ['!release new v0.5.0', '!release new 0.4.23'],
  execute(ctx, args) {
    if (!args.version) return fail('Missing version, such as v0.5.0.');
    return ctx.desk.start(args.version, ctx.person);
  },
  render({ release, posts }, ctx) {
    const path = release.kind === 'patch' ? '0 → 1 → 3 → 4 (patch releases skip community dev testing)' : '0 → 1 → 2 → 3 → 4';
    return reply(
      'ok',
      line(`Started ${formatVersion(release.version)}, a ${release.kind} release: ${rcTag(release.version, release.rc)} is at stage 0 (automated testing). Stages: ${path}.`),
      postsLine(posts),
      line(`Next: once CI is green on ${releaseBranch(release.version)}, ${ctx.prefix}release advance.`),
    );
  },
});
