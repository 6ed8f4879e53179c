/**
 * What the process entry (main.ts) does about the data-directory lock (src/store/data-dir-lock.ts) before it
 * opens the store: take it, or refuse naming the holder, or (`--standby`) wait for the holder to stop and
 * then take over. Never two writers on one directory.
 *
 * The lock belongs to the process, not to createApp: tests build several apps in one process, one after
 * another or side by side on separate directories, and the lock would only be in their way.
 */
import type { Clock } from './ground/clock.js';
import { StartupError } from './ground/startup-error.js';
import { DataDirError, describeHolder, tryLockDataDir, type DataDirLock, type LockHolder } from './store/data-dir-lock.js';

/** How often a standby tries the lock: it takes over about this long after the holder dies. */
export const STANDBY_POLL_MS = 1000;

const YES = new Set(['1', 'true', 'yes', 'on']);

export interface HoldOptions {
  /** `--standby`; the environment's STAGEHAND_STANDBY=1 asks for it too. */
  readonly standby: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  /** A plain line for the operator (stderr). */
  readonly say?: (line: string) => void;
  /** Aborting stops a standby's wait (main: SIGTERM or SIGINT). Default: those signals. */
  readonly stop?: AbortSignal;
  /** Released when the process exits (default), so every way out of main gives it back. */
  readonly releaseOnExit?: boolean;
}

/**
 * The lock on `dataDir`, or null when a standby was stopped before it could take over (exit 0: nothing ran).
 * Throws StartupError (exit 2) when another instance holds it and this one is not a standby, or when the
 * directory cannot be used.
 */
export async function holdDataDir(dataDir: string, options: HoldOptions): Promise<DataDirLock | null> {
  const say = options.say ?? ((line: string) => void process.stderr.write(`stagehand: ${line}\n`));
  const standby = options.standby || YES.has((options.env['STAGEHAND_STANDBY'] ?? '').trim().toLowerCase());
  const first = attempt(dataDir, options.clock);
  let lock: DataDirLock | null;
  if (first.ok) lock = first.lock;
  else if (!standby) {
    throw new StartupError(`${describeHolder(first.holder)} holds ${dataDir}; stop it first or start this one with --standby`);
  } else {
    const stopping = options.stop ? { signal: options.stop, dispose: () => undefined } : stopOnSignals();
    try {
      lock = await standBy(dataDir, first.holder, options.clock, say, stopping.signal);
    } finally {
      stopping.dispose();
    }
    if (lock) say(`took over ${dataDir} (pid ${lock.holder.pid} on host ${lock.holder.host})`);
  }
  if (lock && options.releaseOnExit !== false) {
    const held = lock;
    process.once('exit', () => held.release());
  }
  return lock;
}

type Attempt = ReturnType<typeof tryLockDataDir>;

function attempt(dataDir: string, clock: Clock): Attempt {
  try {
    return tryLockDataDir(dataDir, clock.now());
  } catch (error) {
    if (error instanceof DataDirError) throw new StartupError(error.message);
    throw error;
  }
}

/** Try the lock every STANDBY_POLL_MS on the clock until it is ours, or `stop` aborts (then null). */
function standBy(dataDir: string, holder: LockHolder | null, clock: Clock, say: (line: string) => void, stop: AbortSignal): Promise<DataDirLock | null> {
  let told = '';
  const tell = (who: LockHolder | null): void => {
    const line = `standing by: ${describeHolder(who)} holds ${dataDir}; this one takes over when it stops (SIGTERM stops this one)`;
    // Once per holder: a new line only when someone else took the directory meanwhile.
    if (line !== told) say(line);
    told = line;
  };
  tell(holder);
  return new Promise((resolve, reject) => {
    if (stop.aborted) return resolve(null);
    let cancel = (): void => undefined;
    const onStop = (): void => {
      cancel();
      resolve(null);
    };
    stop.addEventListener('abort', onStop, { once: true });
    const poll = (): void => {
      let result: Attempt;
      try {
        result = attempt(dataDir, clock);
      } catch (error) {
        stop.removeEventListener('abort', onStop);
        return reject(error);
      }
      if (result.ok) {
        stop.removeEventListener('abort', onStop);
        return resolve(result.lock);
      }
      tell(result.holder);
      cancel = clock.schedule(clock.now() + STANDBY_POLL_MS, poll);
    };
    cancel = clock.schedule(clock.now() + STANDBY_POLL_MS, poll);
  });
}

/** An abort on the first SIGTERM or SIGINT while standing by; dispose() hands the signals back to main. */
function stopOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGTERM', abort);
  process.once('SIGINT', abort);
  const dispose = (): void => {
    process.off('SIGTERM', abort);
    process.off('SIGINT', abort);
  };
  return { signal: controller.signal, dispose };
}
