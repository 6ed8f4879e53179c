import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply, type Block } from '../src/commands-kit/reply.js';
import type { AdvanceOutcome } from '../src/desk/release-desk.js';
import { gateNeeds } from '../src/release/gates.js';
import { nextStage, stageLabel } from '../src/release/stages.js';
import { formatVersion, rcTag } from '../src/release/version.js';
import { fail } from '../src/ground/result.js';
import { postsLine } from './shared/posts-line.js';

export const releaseAdvance = defineCommand<AdvanceOutcome>({
  name: 'release advance',
  summary: 'Move a release to its next stage once its gate is open (CI, your word, or the testers’ sign-off).',
  role: 'lead',
  args: [{ name: 'version', kind: 'version', optional: true }],
  flags: [{ name: 'force', valueName: 'reason' }],
  changesState: true,
  examples: ['!release advance', '!release advance v0.5.0', '!release advance v0.5.0 --force infura is on holiday, ok by email'],
  async execute(ctx, args) {
    const result = await ctx.desk.advance(args.version, ctx.person, args.flags['force'] ?? null);
    if (result.ok || result.error.detail !== 'gate closed') return result;
    const version = args.version ? `${formatVersion(args.version)} ` : '';
    // A closed tester gate: the matrix shows each organisation's answer, note and time behind that summary.
    const held = ctx.desk.pickActive(args.version, 'release advance <version>');
    const matrix = held.ok && gateNeeds(held.value.stage) === 'signoff' ? ` ${ctx.prefix}testers ${version}shows every answer.` : '';
    return fail(`${result.error.message}${matrix} A lead can pass the gate anyway, on the record: ${ctx.prefix}release advance ${version}--force <reason>`);
  },
  render({ release, posts, overridden, forceUnneeded }, ctx) {
    const blocks: Block[] = [];
    if (release.status === 'released') {
      blocks.push(line(`Released ${formatVersion(release.version)} (from ${rcTag(release.version, release.rc)}). 🎉`));
    } else {
      blocks.push(line(`${rcTag(release.version, release.rc)} is now at ${stageLabel(release.stage)}.`));
    }
    if (overridden) blocks.push(line(`Gate overridden by ${ctx.person.name} and recorded (it was missing: ${overridden}).`));
    if (forceUnneeded) blocks.push(line('The gate was already open, so --force was not needed and no override was recorded.'));
    blocks.push(postsLine(posts));
    const next = nextStage(release.process, release.stage);
    if (release.stage === 1 && next !== undefined) blocks.push(line(`When internal testing is done: ${ctx.prefix}release advance to move on to ${stageLabel(next)}.`));
    if (release.stage === 2 || release.stage === 3) blocks.push(line(`Testers answer with ${ctx.prefix}tested ok|issue|skip [note]; ${ctx.prefix}testers shows who has.`));
    return reply('ok', ...blocks);
  },
});
