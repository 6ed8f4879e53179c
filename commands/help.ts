import { defineCommand, usageOf, type AnyCommand } from '../src/commands-kit/declaration.js';
import { line, list, reply } from '../src/commands-kit/reply.js';
import { fail, ok } from '../src/ground/result.js';
import { ROLE_NAMES } from '../src/commands-kit/dispatcher.js';

type HelpData = { kind: 'all'; commands: readonly AnyCommand[] } | { kind: 'one'; command: AnyCommand };

/** `!help` and `!help <command>`, generated from the declarations and filtered to what the asker may run. */
export const help = defineCommand<HelpData>({
  name: 'help',
  summary: 'List the commands you may run, or explain one.',
  role: 'anyone',
  args: [{ name: 'command', kind: 'text', optional: true }],
  changesState: false,
  examples: ['!help', '!help release advance'],
  execute(ctx, args) {
    const allowed = ctx.allowed();
    const wanted = args.values['command']?.replace(new RegExp(`^${escapeRegExp(ctx.prefix)}`), '').trim().toLowerCase();
    if (!wanted) return ok({ kind: 'all', commands: allowed });
    const command = allowed.find((c) => c.name === wanted);
    if (command) return ok({ kind: 'one', command });
    if (!ctx.isCommand(wanted)) return fail(`There is no command ${ctx.prefix}${wanted}. ${ctx.prefix}help lists those you can run.`);
    return fail(`${ctx.prefix}${wanted} is not a command you can run. ${ctx.prefix}help lists those you can.`);
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
    const c = data.command;
    return reply(
      'info',
      line({ code: usageOf(c, ctx.prefix) }),
      line(c.summary),
      line(`Who: ${ROLE_NAMES[c.role]}.${c.changesState ? ' Changes the release and may post announcements.' : ''}`),
      line('Examples: ', c.examples.map((e) => e.replace(/^!/, ctx.prefix)).join('   ')),
    );
  },
});

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
