import type { Config } from '../config/schema.js';
import type { TesterOrg } from '../release/signoff.js';

export type Role = 'anyone' | 'tester' | 'lead';
export type Network = 'shell' | 'matrix' | 'irc';

/** Who sent a message, as far as the bot can verify it. */
export interface Person {
  /** The configured person id, or null for someone the config does not know ("anyone"). */
  readonly id: string | null;
  /** What replies call them. */
  readonly name: string;
  readonly isLead: boolean;
  /** The early-tester organisation they answer for, if any. */
  readonly org: string | null;
}

/**
 * Roles come from configuration only. A person is recognised by a verified handle on a network: the shell
 * name, the Matrix user id, the IRC services account (never the nick: adapters pass the account).
 */
export class Roster {
  private readonly byHandle = new Map<string, string>();
  private readonly leadSet: ReadonlySet<string>;
  private readonly handlesOf = new Map<string, Partial<Record<Network, string>>>();
  private readonly orgOf = new Map<string, string>();
  private readonly names = new Map<string, string>();
  readonly testers: readonly TesterOrg[];

  constructor(config: Pick<Config, 'people' | 'leads' | 'testers'>) {
    for (const [id, p] of Object.entries(config.people)) {
      this.names.set(id, p.name ?? id);
      this.handlesOf.set(id, { shell: p.shell, matrix: p.matrix, irc: p.irc });
      if (p.shell) this.byHandle.set(handleKey('shell', p.shell), id);
      if (p.matrix) this.byHandle.set(handleKey('matrix', p.matrix), id);
      if (p.irc) this.byHandle.set(handleKey('irc', p.irc), id);
    }
    this.leadSet = new Set(config.leads);
    for (const org of config.testers) for (const id of org.people) this.orgOf.set(id, org.org);
    this.testers = config.testers.map((t) => ({ org: t.org, people: t.people, environments: t.environments }));
  }

  /** `handle` must already be verified by the adapter (IRC: the services account, or null if not logged in). */
  identify(network: Network, handle: string | null, fallbackName: string): Person {
    const id = handle === null ? undefined : this.byHandle.get(handleKey(network, handle));
    if (id === undefined) return { id: null, name: fallbackName, isLead: false, org: null };
    return { id, name: this.names.get(id) ?? id, isLead: this.leadSet.has(id), org: this.orgOf.get(id) ?? null };
  }

  /** The leads' person ids, in config order. */
  get leadIds(): readonly string[] {
    return [...this.leadSet];
  }

  /** How to reach a person on a network (Matrix user id, IRC account), for mentions; undefined if none. */
  handleOf(id: string, network: Network): string | undefined {
    return this.handlesOf.get(id)?.[network];
  }

  nameOf(id: string): string {
    return this.names.get(id) ?? id;
  }
}

export function hasRole(person: Person, role: Role): boolean {
  if (role === 'anyone') return true;
  if (role === 'lead') return person.isLead;
  return person.org !== null;
}

// IRC account names and shell names are case-insensitive; Matrix user ids are compared exactly.
const handleKey = (network: Network, handle: string): string => `${network}:${network === 'matrix' ? handle : handle.toLowerCase()}`;
