import { defineCommand, usageOf, type AnyCommand } from '../src/commands-kit/declaration.js';
import { explainArgs } from '../src/commands-kit/explain-args.js';
import { namedByLastWord } from '../src/commands-kit/named-by-last-word.js';
import { line, list, reply } from '../src/commands-kit/reply.js';
import { fail, ok } from '../src/ground/result.js';
import { ROLE_NAMES } from '../src/commands-kit/dispatcher.js';

type HelpData =
  | { kind: 'all'; commands: readonly AnyCommand[] }
  /** `mayRun`: whether the asker may run it (help explains every command, and says who may). */
  | { kind: 'one'; command: AnyCommand; mayRun: boolean }
  /** `!help release`: the commands whose name starts with that word. */
  | { kind: 'group'; word: string; commands: readonly AnyCommand[]; allowed: readonly AnyCommand[] };

/** `!help` and `!help <command>`, generated from the declarations: the list is what the asker may run. */
export const help = defineCommand<HelpData>({
  name: 'help',
  summary: 'List the commands you may run, or explain any one (its arguments, and who may run it).',
  role: 'anyone',
  args: [{ name: 'command', kind: 'text', optional: true, about: 'a command name, one word or more (release dismiss), with or without the prefix' }],
  changesState: false,
  examples: ['!help', '!help release advance', '!help release'],
  execute(ctx, args) {
    const allowed = ctx.allowed();
    const every = ctx.everyCommand?.() ?? allowed;
    const wanted = args.values['command']?.replace(new RegExp(`^${escapeRegExp(ctx.prefix)}`), '').trim().toLowerCase().replace(/\s+/g, ' ');
    if (!wanted) return ok({ kind: 'all', commands: allowed });
    const command = every.find((c) => c.name === wanted);
    if (command) return ok({ kind: 'one', command, mayRun: allowed.includes(command) });
    const group = every.filter((c) => c.name.startsWith(`${wanted} `));
    if (group.length > 0) return ok({ kind: 'group', word: wanted, commands: group, allowed });
    // `!help advance`: the command named by that last word, explained under its full name.
    const meant = namedByLastWord(wanted, every);
    if (meant) return ok({ kind: 'one', command: meant, mayRun: allowed.includes(meant) });
    return fail(`There is no command ${ctx.prefix}${wanted.slice(0, 40)}. ${ctx.prefix}help lists those you can run.`);
  },
  render(data, ctx) {
    if (data.kind === 'all') {
      return reply(
        'info',
        line(`Commands you can run (${ctx.person.name}):`),
        list(data.commands.map((c) => [{ code: usageOf(c, ctx.prefix) }, ` — ${c.summary}`])),
        line(`${ctx.prefix}help <command> explains one.`),
      );
    }
    if (data.kind === 'group') {
      return reply(
        'info',
        line(`The ${ctx.prefix}${data.word} commands:`),
        list(data.commands.map((c) => [{ code: usageOf(c, ctx.prefix) }, ` — ${c.summary}${data.allowed.includes(c) ? '' : ` (${ROLE_NAMES[c.role]} only)`}`])),
        line(`${ctx.prefix}help <command> explains one.`),
      );
    }
    const c = data.command;
    const who = `Who: ${ROLE_NAMES[c.role]}.${c.changesState ? ' Changes the release and may post announcements.' : ''}`;
    const explained = explainArgs(c);
    return reply(
      'info',
      line({ code: usageOf(c, ctx.prefix) }),
      line(c.summary),
      line(data.mayRun ? who : `${who} You (${ctx.person.name}) are not ${ROLE_NAMES[c.role]}, so you cannot run it.`),
      ...(explained.length > 0 ? [line('Arguments:'), list(explained.map((e) => [{ code: e.usage }, ` — ${e.about}`]))] : []),
      line('Examples: ', c.examples.map((e) => e.replace(/^!/, ctx.prefix)).join('   ')),
    );
  },
});

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
