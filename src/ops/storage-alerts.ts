/**
 * What happens when the store refuses writes (src/store/write-health.ts): one log line when an outage
 * starts (with its cause) and one when it ends, the leads told on every chat network that is up, and a
 * small probe write on a growing wait so that the end is noticed even when nothing else writes.
 */
import type { ChatAdapter, InboundMessage } from '../chat/port.js';
import { line, reply } from '../commands-kit/reply.js';
import { storageCause } from '../commands-kit/storage-words.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../ground/clock.js';
import { STORAGE_RETRY, storageRetryDelay, type Outage, type WriteHealth } from '../store/write-health.js';

/** A chat network's way to the leads: its adapter, the leads' rooms on it, and whether it is up. */
export interface LeadsRoute {
  readonly adapter: ChatAdapter;
  readonly rooms: () => readonly string[];
  readonly up: () => boolean;
}

export interface StorageAlertDeps {
  readonly writes: WriteHealth;
  readonly log: Logger;
  readonly clock: Clock;
  /** Throws while the store still has no room (probeRoom). */
  readonly probe: () => void;
  readonly routes: () => readonly LeadsRoute[];
  readonly formatTime: (at: number) => string;
  readonly prefix: string;
}

export interface StorageAlerts {
  /** Stop probing (shutdown). */
  stop(): void;
}

export function watchStorage(deps: StorageAlertDeps): StorageAlerts {
  const { writes, log, clock } = deps;
  let cancelProbe: (() => void) | null = null;
  let stopped = false;

  const probeLater = (tries: number): void => {
    if (stopped) return;
    cancelProbe = clock.schedule(clock.now() + storageRetryDelay(tries, STORAGE_RETRY.probeMaxMs), () => {
      cancelProbe = null;
      if (writes.outage === null) return;
      try {
        deps.probe();
      } catch (error) {
        if (writes.failed(error, clock.now()) === null) log.error({ err: error }, 'storage probe failed');
        log.debug({ tries: tries + 1 }, 'store write failed; trying again later');
        return probeLater(tries + 1);
      }
      writes.succeeded(clock.now());
    });
  };

  writes.watch({
    onOutage(outage) {
      log.error({ code: outage.fault.code, cause: outage.message, since: new Date(outage.since).toISOString() }, `the store refuses writes: ${storageCause(outage.fault.kind)}`);
      tellLeads(deps, outageText(deps, outage));
      probeLater(0);
    },
    onRecovered(outage, at) {
      cancelProbe?.();
      cancelProbe = null;
      log.warn({ since: new Date(outage.since).toISOString(), forMs: at - outage.since }, 'the store takes writes again');
      tellLeads(deps, `Storage works again (writes failed from ${deps.formatTime(outage.since)} to ${deps.formatTime(at)}: ${storageCause(outage.fault.kind)}). Queued posts go out now; a command answered "I could not record that" needs sending again.`);
    },
  });

  return {
    stop() {
      stopped = true;
      cancelProbe?.();
      cancelProbe = null;
    },
  };
}

function outageText(deps: StorageAlertDeps, outage: Outage): string {
  return (
    `Storage problem: I cannot write to my database since ${deps.formatTime(outage.since)}: ${storageCause(outage.fault.kind)}. ` +
    `Until it is fixed I record no changes (commands are answered "I could not record that") and queued posts wait. ` +
    `${deps.prefix}release status shows it; I will say here when it works again.`
  );
}

/**
 * Said straight to the leads' rooms through each network's reply port, not queued in the outbox: the
 * outbox lives on the disk that is full, and a notice delivered once the disk is freed would arrive when it
 * no longer matters. Best effort: a network that is down (or a send that fails) is skipped, and /healthz
 * and `!release status` show the outage all the same.
 */
function tellLeads(deps: StorageAlertDeps, text: string): void {
  const notice = reply('info', line(text));
  for (const route of deps.routes()) {
    if (!route.up()) continue;
    for (const room of route.rooms()) {
      const to: InboundMessage = { network: route.adapter.network, room, handle: null, displayName: 'leads', text: '', sentAt: deps.clock.now() };
      void route.adapter.reply(to, notice).catch((error: unknown) => deps.log.warn({ network: route.adapter.network, room, err: error }, 'could not tell the leads about the store'));
    }
  }
}
