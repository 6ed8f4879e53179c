/**
 * The load suite's 50 people and what they say: 25 on Matrix and 25 on IRC, each network with 3 leads,
 * 12 testers (two organisations) and 10 guests. Each person picks their next command from a mix that fits
 * their role, with a seeded generator so every run sends the same sequence.
 */
export type Role = 'lead' | 'tester' | 'guest';
export type Net = 'matrix' | 'irc';

export interface LoadPerson {
  /** The person id in the bot's config (`lm3`, `li12`). */
  readonly id: string;
  readonly net: Net;
  readonly role: Role;
  /** The tester organisation (testers only). */
  readonly org?: 'Infura' | 'Pinata';
}

export const PER_NETWORK = 25;

export function loadPeople(): LoadPerson[] {
  const people: LoadPerson[] = [];
  for (const net of ['matrix', 'irc'] as const) {
    for (let n = 0; n < PER_NETWORK; n++) {
      const role: Role = n < 3 ? 'lead' : n < 15 ? 'tester' : 'guest';
      people.push({ id: `${net === 'matrix' ? 'lm' : 'li'}${n}`, net, role, ...(role === 'tester' ? { org: n % 2 === 0 ? 'Infura' : 'Pinata' } : {}) });
    }
  }
  return people;
}

/** A command and what the first line of its reply must say (matched on IRC, where only it names the asker). */
export interface LoadCommand {
  readonly name: string;
  readonly text: string;
  readonly expect: RegExp;
}

/** Everyone's commands; `!release status` and friends are open to anyone. */
const ANYONE: readonly [LoadCommand, number][] = [
  [{ name: '!release status', text: '!release status', expect: /^v0\.5\.0-rc1 — feature release, stage 2/ }, 35],
  [{ name: '!testers', text: '!testers', expect: /^Early testers' sign-off for v0\.5\.0-rc1/ }, 20],
  // The longest reply (16 lines on IRC: branch dates, projections, reminders), so asked less often.
  [{ name: '!release schedule', text: '!release schedule', expect: /^Next feature branch dates/ }, 5],
  // `!help <command>` rather than the whole list: one command's help is a few lines on IRC.
  [{ name: '!help release status', text: '!help release status', expect: /^!release status \[version\]/ }, 20],
];
const TESTED: LoadCommand = { name: '!tested ok', text: '!tested ok', expect: /^Recorded for (Infura|Pinata): deployed, no problems on v0\.5\.0-rc1/ };
const IGNORE = (sha: string): LoadCommand => ({ name: '!release ignore', text: `!release ignore ${sha} load test: docs only`, expect: new RegExp(`^Ignoring ${sha} on release-v0\\.5\\.0`) });
/** A guest trying a lead's command: refused, nothing changed (a reply all the same). */
const REFUSED: LoadCommand = { name: '!release advance (refused)', text: '!release advance', expect: /is for a release lead/ };

export function nextCommand(role: Role, random: () => number): LoadCommand {
  const extra: [LoadCommand, number][] =
    role === 'tester'
      ? [[TESTED, 30]]
      : role === 'lead'
        ? [[IGNORE(Math.floor(random() * 0xfffffff).toString(16).padStart(7, '0')), 20]]
        : [[REFUSED, 5]];
  const mix = [...ANYONE, ...extra];
  const total = mix.reduce((sum, [, w]) => sum + w, 0);
  let pick = random() * total;
  for (const [command, weight] of mix) {
    pick -= weight;
    if (pick < 0) return command;
  }
  return mix[0]![0];
}
