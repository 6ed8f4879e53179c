/** Just enough of the Dockerfile grammar to replay what this project's Dockerfile does. */
export interface Instruction {
  readonly op: string;
  readonly args: string;
}

export interface Stage {
  readonly name: string;
  readonly base: string;
  readonly instructions: readonly Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: Array<{ name: string; base: string; instructions: Instruction[] }> = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Z]+)\s+(.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, op, args] = match as unknown as [string, string, string];
    if (op === 'FROM') {
      const [base, , name] = args.split(/\s+/);
      stages.push({ name: name ?? String(stages.length), base: base!, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${op} before FROM`);
      stage.instructions.push({ op, args });
    }
  }
  return stages;
}

/** `COPY [--from=stage] src... dest`. */
export function parseCopy(args: string): { from?: string; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { ...(from ? { from } : {}), sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

/** `HEALTHCHECK [--option=value...] CMD ["exec", "form"]`. */
export function parseHealthcheck(args: string): { options: Record<string, string>; command: string[] } {
  const at = args.indexOf('CMD ');
  const options = Object.fromEntries([...args.slice(0, at).matchAll(/--([a-z-]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
  return { options, command: JSON.parse(args.slice(at + 4)) as string[] };
}

/** `ENV KEY=value`. */
export function parseEnv(args: string): [string, string] {
  const at = args.indexOf('=');
  return [args.slice(0, at), args.slice(at + 1)];
}
