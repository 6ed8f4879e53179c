/**
 * docs/commands.md, generated from the command declarations (commands/index.ts): the same source `!help`
 * reads, so the usage, who may run a command, its summary and examples cannot disagree with the bot.
 */
import { slug } from 'github-slugger';
import { COMMANDS } from '../../commands/index.js';
import { usageOf, type AnyCommand } from '../../src/commands-kit/declaration.js';
import { explainArgs } from '../../src/commands-kit/explain-args.js';
import { ROLE_NAMES } from '../../src/commands-kit/dispatcher.js';

const PREFIX = '!';
const cell = (text: string): string => text.replace(/\|/g, '\\|');

function section(command: AnyCommand): string[] {
  const out = [`## ${PREFIX}${command.name}`, '', '```text', usageOf(command, PREFIX), '```', '', command.summary, ''];
  out.push(`- **Who:** ${ROLE_NAMES[command.role]}.${command.changesState ? ' Changes the release and may post announcements.' : ' Changes nothing.'}`);
  if (command.acceptsLate) out.push('- **Read late:** still runs when the bot reads it after being offline, at the time it was sent.');
  // The same explanations `!help <command>` gives (src/commands-kit/explain-args.ts).
  for (const arg of explainArgs(command)) out.push(`- \`${arg.usage}\`: ${arg.about}.`);
  out.push(`- **Examples:** ${command.examples.map((e) => `\`${e.replace(/^!/, PREFIX)}\``).join(', ')}`, '');
  return out;
}

const INTRO = `# Commands

<!-- Generated from the command declarations (commands/index.ts) by \`npm run docs\`, the same source as !help.
     Do not edit by hand: change the declaration, then run \`npm run docs\`. -->

The default prefix is \`!\` (\`commandPrefix\` in the [configuration](configuration.md#commandprefix)). In chat,
\`!help\` lists the commands the asker may run and \`!help <command>\` explains one; both read the same
declarations as this page.

- **Who may run what.** *Anyone* means anyone in the room, known or not; *an enrolled early tester* is a person
  listed under an organisation in \`testers\`; *a release lead* is listed under \`leads\` and may run everything.
  A person without the role is told which role the command needs, and nothing changes.
- **Mistakes change nothing.** An unknown command points to \`!help\`; wrong arguments get the command's usage.
- **Several releases.** With several releases active (a patch while a feature release is in testing), a command
  that needs one release and was given no version asks which.
- **Versions** are \`0.5.0\` or \`v0.5.0\`, ASCII digits only (look-alike digits, invisible and direction marks
  are refused by name). A version already released, aborted or in progress is refused, as is one not above the
  latest release of its \`major.minor\` line, a feature release below the latest release, and a patch of an
  older line (the process does not backport).
- **Commands sent while the bot was offline.** A lead's command read more than \`chat.staleCommandMinutes\` (10)
  after it was sent is not run: the bot says so and asks for it again. A tester's answer is recorded, with
  the time it was sent.
- **Long lines.** A line over 4,000 characters is refused before anything parses it.

More on some of them:

- \`!release new --process full|patch\`: the process (the path through the stages, their expected times and
  polls) defaults from the version: x.y.0 full, a patch number the patch process. \`--process full\` runs a
  patch version through every stage, as go-ipfs 0.4.22 did; the version rules and the branch base still follow
  the version. Status and history show the choice.
- \`!release adopt\` takes over a release in flight (RC tags, no final tag) at its latest RC, posting nothing that
  exists: the existing \`Release vX.Y.Z\` issue is adopted (one is opened only if there is none); no branch, no
  pre-release, no announcement of stages already passed. At stage 2 or 3 it opens that stage's testers' poll.
- \`!testers\` (and the same table in \`!release status\`): each enrolled organisation × dev/prod with the answer,
  who gave it, when, and the note or link (\`not yet\`, \`skipped (patch)\`, \`not enrolled\` where there is none;
  at stage 3, dev shows this RC's stage-2 answers), open problems marked \`issue (open)\`, who has not answered,
  and what the gate still needs.
- \`!tested\`: \`issue\` needs a note or link; a later answer replaces an earlier one. A vote on the Matrix poll is
  the same answer. An \`issue\` mentions the leads at once; the gate stays closed until that person answers ok or
  skip, or a lead passes it with \`!release advance --force <reason>\` (recorded in the history).
- \`!release retry\` sends a post that failed for good again as it was composed (a retried checklist update
  carries the checklist as it was then); \`!release dismiss\` never sends it. Both are recorded in the history.
  \`!release status\` lists such posts by \`#number\`.
- \`!release advance\`: a closed gate makes it say what is missing (CI failing or still running, who reported what,
  who has not answered, how many ok answers are short). \`--force <reason>\` passes the gate anyway, on the record.
- \`!release ignore\`: the branch watcher asks the leads about each new commit on the release branch in stages
  1–3; ignoring one keeps the RC and records the decision (that commit is not asked about again).
`;

export function renderCommandsDoc(commands: readonly AnyCommand[] = COMMANDS): string {
  const out = [INTRO, '| command | who | what it does |', '|---|---|---|'];
  for (const c of commands) {
    const anchor = slug(`${PREFIX}${c.name}`);
    out.push(`| [\`${cell(usageOf(c, PREFIX))}\`](#${anchor}) | ${ROLE_NAMES[c.role]} | ${cell(c.summary)} |`);
  }
  out.push('');
  for (const c of commands) out.push(...section(c));
  return out.join('\n');
}
