import type { SimulatedCiState } from '../../desk/ci-source.js';
import { parseIsoTime } from '../../ground/iso-time.js';
import { formatDateTime, parseDuration } from '../../ground/time-format.js';

/** What the shell may steer: the simulated clock and CI, and a wait for pending work. */
export interface ShellControls {
  now(): number;
  advanceTo(at: number): Promise<void>;
  setCi(state: SimulatedCiState): void;
  ciState(): SimulatedCiState;
  /** Wait until everything the last line caused has been delivered. */
  settle(): Promise<void>;
  /** Deliver no posts until the returned function is called. */
  holdDelivery(): () => void;
  describePerson(name: string): string;
  readonly timeZone: string;
}

export interface ShellResult {
  readonly output: readonly string[];
  readonly person?: string;
  readonly quit?: boolean;
}

const HELP = [
  '/as NAME          speak as NAME (in the default config: lead, guest, infura, textile, pinata, rtrade, qri, siderus)',
  '/time +7d         move the clock forward (d, h, m, w), running anything scheduled in between',
  '/time ISO-DATE    move the clock to a later date, e.g. /time 2026-12-24T09:00Z',
  '/ci pass|fail|pending   set the simulated CI status of release branches',
  '/who              who you are speaking as',
  '/quit             leave (end of input does the same)',
];

export async function runShellCommand(text: string, person: string, controls: ShellControls): Promise<ShellResult> {
  const [command = '', ...rest] = text.slice(1).trim().split(/\s+/);
  const arg = rest.join(' ');
  switch (command.toLowerCase()) {
    case 'as': {
      if (!/^[A-Za-z0-9_.@:-]{1,64}$/.test(arg)) return { output: ['usage: /as NAME'] };
      return { output: [`you are now ${controls.describePerson(arg)}`], person: arg };
    }
    case 'who':
      return { output: [`you are ${controls.describePerson(person)}`] };
    case 'time':
      return moveTime(arg, controls);
    case 'ci': {
      const state = arg.toLowerCase();
      if (state !== 'pass' && state !== 'fail' && state !== 'pending') return { output: [`usage: /ci pass|fail|pending (now ${controls.ciState()})`] };
      controls.setCi(state);
      return { output: [`simulated CI is now ${state}`] };
    }
    case 'help':
      return { output: HELP };
    case 'quit':
    case 'exit':
      return { output: [], quit: true };
    default:
      return { output: [`unknown shell command /${command.slice(0, 20)}; /help lists them`] };
  }
}

const LATEST_TIME = Date.UTC(9999, 11, 31, 23, 59);

async function moveTime(arg: string, controls: ShellControls): Promise<ShellResult> {
  const now = controls.now();
  const by = parseDuration(arg);
  let target: number;
  if (by !== null) {
    target = now + by;
  } else if (/^\d{4}-/.test(arg)) {
    // Read strictly: Date.parse would take 2030-02-30 as 2030-03-02 and replay weeks of reminders.
    const at = parseIsoTime(arg);
    if (!at.ok) return { output: [`${at.error.message} The clock was not moved.`] };
    target = at.value;
    if (target < now) return { output: [`time only moves forward; it is already ${formatDateTime(now, controls.timeZone)}`] };
  } else {
    return { output: ['usage: /time +7d | +12h | +30m | ISO-DATE'] };
  }
  // The offset is saved and only ever grows: a clock past year 9999 would break every date in this data dir.
  if (target > LATEST_TIME) return { output: ['time cannot move past the year 9999'] };
  await controls.advanceTo(target);
  return { output: [`time is now ${formatDateTime(controls.now(), controls.timeZone)} ${controls.timeZone}`] };
}
