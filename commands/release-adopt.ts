import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply } from '../src/commands-kit/reply.js';
import type { Change } from '../src/desk/release-desk.js';
import { stageLabel, stagePath, type Stage } from '../src/release/stages.js';
import { formatVersion, rcTag } from '../src/release/version.js';
import { fail } from '../src/ground/result.js';
import { postsLine } from './shared/posts-line.js';
import { askedProcess, PROCESS_FLAG } from './shared/process-flag.js';

export const releaseAdopt = defineCommand<Change>({
  name: 'release adopt',
  summary: 'Take over a release in flight (RC tags and a release issue exist, no final tag) at its latest RC and the stage given; posts nothing that already exists (at stage 2 or 3 it opens the testers\' poll).',
  role: 'lead',
  args: [{ name: 'version', kind: 'version', optional: false }],
  flags: [
    { name: 'stage', valueName: '0-3', required: true },
    PROCESS_FLAG,
  ],
  changesState: true,
  examples: ['!release adopt v0.4.22 --stage 1', '!release adopt v0.4.22 --stage 2 --process full'],
  async execute(ctx, args) {
    if (!args.version) return fail('Missing version, such as v0.4.22.');
    const stageText = args.flags['stage'];
    if (stageText === undefined) return fail('Missing --stage N: the stage the release is at now (0 to 3).');
    if (!/^[0-3]$/.test(stageText)) return fail(`${JSON.stringify(stageText.slice(0, 40))} is not a stage to adopt at: give 0, 1, 2 or 3.`);
    const process = askedProcess(args.flags['process']);
    if (!process.ok) return process;
    return ctx.desk.adopt(args.version, Number(stageText) as Stage, process.value, ctx.person);
  },
  render({ release, posts }, ctx) {
    return reply(
      'ok',
      line(
        `Adopted ${formatVersion(release.version)} (${release.kind} release, ${release.process} process): ${rcTag(release.version, release.rc)} is at ${stageLabel(release.stage)}. Stages: ${stagePath(release.process).join(' → ')}.`,
      ),
      line('Nothing already made was posted again: no branch, no pre-release, no announcement of the stages it passed.'),
      postsLine(posts),
      line(`From here it runs as usual: ${ctx.prefix}release status, ${ctx.prefix}release advance.`),
    );
  },
});
