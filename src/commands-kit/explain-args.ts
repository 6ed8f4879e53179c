/**
 * What each argument and option of a command means, for `!help <command>`: its declared `about`, or else
 * what the parser (parse-args.ts) takes for its kind — so the explanation cannot drift from what is parsed.
 */
import { MAX_TEXT_LENGTH } from './parse-args.js';
import type { AnyCommand, ArgSpec, FlagSpec } from './declaration.js';

export interface ArgExplanation {
  /** As it appears in the usage line: `[version]`, `<reason>`, `--force <reason>`. */
  readonly usage: string;
  readonly about: string;
}

export function explainArgs(command: AnyCommand): ArgExplanation[] {
  return [...command.args.map(explainArg), ...(command.flags ?? []).map(explainFlag)];
}

function explainArg(arg: ArgSpec): ArgExplanation {
  switch (arg.kind) {
    case 'version':
      return {
        usage: arg.optional ? '[version]' : '<version>',
        about: join(arg.about ?? 'a release version such as v0.5.0', arg.optional ? 'optional: without it, the release in progress' : null),
      };
    case 'choice':
      return { usage: arg.choices.join('|'), about: join(arg.about ?? null, `one of ${arg.choices.join(', ')}`) };
    case 'word':
      return { usage: `<${arg.name}>`, about: join(arg.about ?? null, 'one word') };
    case 'text':
      return {
        usage: arg.optional ? `[${arg.name}]` : `<${arg.name}>`,
        about: join(arg.about ?? null, `${arg.optional ? 'optional ' : ''}text to the end of the line (at most ${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters)`),
      };
  }
}

function explainFlag(flag: FlagSpec): ArgExplanation {
  return {
    usage: `--${flag.name} <${flag.valueName}>`,
    about: join(flag.about ?? null, `${flag.required ? 'required' : 'optional'}; its value runs to the next option or the end of the line`),
  };
}

const join = (about: string | null, kind: string | null): string => [about, kind].filter(Boolean).join('; ');
