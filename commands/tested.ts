import { defineCommand } from '../src/commands-kit/declaration.js';
import { line, reply } from '../src/commands-kit/reply.js';
import type { TesterRound } from '../src/desk/release-desk.js';
import { TESTER_ANSWERS, type TesterAnswer } from '../src/release/signoff.js';
import { POLL_ANSWERS } from '../src/text/poll-texts.js';
import { rcTag } from '../src/release/version.js';
import { fail } from '../src/ground/result.js';
import { signoffBlocks } from '../src/views/release-views.js';

// The same words as the poll's answers, so a typed answer and a vote read alike.
const answerWords = (answer: TesterAnswer): string => POLL_ANSWERS.find((a) => a.id === answer)?.text ?? answer;

export const tested = defineCommand<{ round: TesterRound; answer: TesterAnswer }>({
  name: 'tested',
  summary: 'Your organisation’s answer for the current RC and stage: ok, issue (with a note or link) or skip.',
  role: 'tester',
  args: [
    { name: 'version', kind: 'version', optional: true },
    { name: 'answer', kind: 'choice', choices: TESTER_ANSWERS },
    { name: 'note', kind: 'text', optional: true },
  ],
  changesState: true,
  // An answer sent while the bot was offline still says what the tester found, at the time they said it.
  acceptsLate: true,
  examples: ['!tested ok', '!tested issue https://github.com/ipfs/go-ipfs/issues/6254 add of several files fails', '!tested skip'],
  execute(ctx, args) {
    const answer = args.values['answer'] as TesterAnswer;
    const note = args.values['note'] ?? null;
    if (answer === 'issue' && !note) return fail(`An issue needs a note or a link saying what you found, e.g. ${ctx.prefix}tested issue <link> <what happened>.`);
    const recorded = ctx.desk.answer(args.version, ctx.person, answer, note, ctx.sentAt);
    return recorded.ok ? { ok: true, value: { round: recorded.value, answer } } : recorded;
  },
  render({ round, answer }, ctx) {
    const view = { now: ctx.clock.now(), timeZone: ctx.timeZone, nameOf: ctx.nameOf };
    return reply(
      'ok',
      line(`Recorded for ${ctx.person.org}: ${answerWords(answer)} on ${rcTag(round.release.version, round.release.rc)} (${round.environment}). A later answer replaces this one.`),
      ...signoffBlocks(round, view),
    );
  },
});
