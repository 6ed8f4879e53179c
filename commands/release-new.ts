import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply } from '../src/commands-kit/reply.js';
import type { Change } from '../src/desk/release-desk.js';
import { defaultProcess } from '../src/release/process.js';
import { stagePath } from '../src/release/stages.js';
import { formatVersion, rcTag, releaseBranch } from '../src/release/version.js';
import { fail } from '../src/ground/result.js';
import { postsLine } from './shared/posts-line.js';
import { askedProcess, PROCESS_FLAG } from './shared/process-flag.js';

export const releaseNew = defineCommand<Change>({
  name: 'release new',
  summary: 'Start a release: branch, first RC and release issue (a patch number above 0 makes a patch release, which takes the patch process unless --process full).',
  role: 'lead',
  args: [{ name: 'version', kind: 'version', optional: false }],
  flags: [PROCESS_FLAG],
  changesState: true,
  examples: ['!release new v0.5.0', '!release new 0.4.23', '!release new v0.4.22 --process full'],
  execute(ctx, args) {
    if (!args.version) return fail('Missing version, such as v0.5.0.');
    const process = askedProcess(args.flags['process']);
    if (!process.ok) return process;
    return ctx.desk.start(args.version, ctx.person, process.value);
  },
  render({ release, posts }, ctx) {
    const path = stagePath(release.process).join(' → ');
    const why =
      release.process !== defaultProcess(release.kind) ? ` (the ${release.process} process, chosen by the lead)` : release.process === 'patch' ? ' (patch releases skip community dev testing)' : '';
    return reply(
      'ok',
      line(`Started ${formatVersion(release.version)}, a ${release.kind} release: ${rcTag(release.version, release.rc)} is at stage 0 (automated testing). Stages: ${path}${why}.`),
      postsLine(posts),
      line(`Next: once CI is green on ${releaseBranch(release.version)}, ${ctx.prefix}release advance.`),
    );
  },
});
