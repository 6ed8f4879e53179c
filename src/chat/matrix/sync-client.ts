import { MatrixClient, type IStorageProvider } from 'matrix-bot-sdk';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../ground/clock.js';
import { fillGaps, historyFilter, type SyncResponse } from './sync-batch.js';

/** What the sync asks for: a generous timeline (fewer gaps to fill), no presence or typing noise. */
export const SYNC_FILTER = {
  room: { timeline: { limit: 50 }, ephemeral: { types: [] as string[] } },
  presence: { types: [] as string[] },
};

/** Emitted by the client each time a sync fails (the loop retries by itself). */
export const SYNC_FAILED = 'stagehand.sync_failed';

export type SyncState = 'stopped' | 'starting' | 'syncing' | 'failing';

export interface SyncLoopOptions {
  readonly clock: Clock;
  readonly log: Logger;
  /** First wait after a failed sync; doubles per failure up to `maxBackoffMs`. */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

/**
 * matrix-bot-sdk's client with our own sync loop. The SDK's loop waits on real timers and keeps its state
 * to itself; this one waits on the injected clock, retries forever with a capped backoff, reports whether
 * the last sync succeeded (connected()), fills the gaps of limited timelines and holds back history the
 * bot was not there for (sync-batch.ts). Everything else (event processing, the
 * events `room.message`, `room.invite`, `room.event`) is the SDK's own processSync.
 */
export class SyncingClient extends MatrixClient {
  private state: SyncState = 'stopped';
  private cancelWait: (() => void) | null = null;
  private wakeWait: (() => void) | null = null;
  private firstSync: Promise<void> = Promise.resolve();
  private releaseFirstSync: () => void = () => undefined;

  constructor(
    homeserverUrl: string,
    accessToken: string,
    storage: IStorageProvider,
    private readonly loop: SyncLoopOptions,
  ) {
    // No crypto store: the SDK's end-to-end encryption (and the native library it needs) never starts.
    super(homeserverUrl, accessToken, storage);
    // The SDK's DM tracker listens to invites and account data and writes m.direct on a DM invite; its
    // promise is not caught, so a failed write would be an unhandled rejection. The bot uses no DMs.
    this.removeAllListeners('room.invite');
    this.removeAllListeners('account_data');
  }

  get syncState(): SyncState {
    return this.state;
  }

  /** Resolves after the first sync since start() has been processed. */
  whenFirstSynced(): Promise<void> {
    return this.firstSync;
  }

  protected override async startSyncInternal(): Promise<void> {
    this.state = 'starting';
    this.firstSync = new Promise<void>((resolve) => (this.releaseFirstSync = resolve));
    // A long-poll in flight when stop() is called is abandoned: its answer is dropped, never awaited.
    void this.runLoop(() => this.releaseFirstSync()).catch((error: unknown) => this.loop.log.error({ err: errorSummary(error) }, 'matrix sync loop ended'));
  }

  override stop(): void {
    super.stop();
    this.state = 'stopped';
    // Whoever waits for the first sync is not left hanging by a stop during start-up.
    this.releaseFirstSync();
    this.cancelWait?.();
    this.wakeWait?.();
  }

  private async runLoop(synced: () => void): Promise<void> {
    let token = await Promise.resolve(this.storageProvider.getSyncToken());
    let failures = 0;
    while (!this.stopped) {
      let response: SyncResponse | undefined;
      try {
        response = (await this.doSync(token as string)) as SyncResponse;
        if (this.stopped) return;
        if (token !== null) await fillGaps(this, response, token, this.loop.log);
      } catch (error) {
        if (this.stopped) return;
        failures += 1;
        const waitMs = Math.min(this.loop.maxBackoffMs ?? 30_000, (this.loop.minBackoffMs ?? 1_000) * 2 ** (failures - 1));
        const errcode = (error as { errcode?: string } | null)?.errcode;
        if (errcode === 'M_UNKNOWN_TOKEN') this.loop.log.error({ err: errorSummary(error) }, 'matrix sync refused: the access token is no longer valid (check chat.matrix.accessToken)');
        else if (failures === 1) this.loop.log.warn({ err: errorSummary(error), retryInMs: waitMs }, 'matrix sync failed; retrying until the homeserver answers');
        this.state = 'failing';
        this.emit(SYNC_FAILED);
        await this.wait(waitMs);
        continue;
      }
      if (this.stopped) return;
      if (failures > 0) this.loop.log.info({ failures }, 'matrix sync resumed');
      failures = 0;
      this.state = 'syncing';
      const skipHistory = token === null;
      token = response?.next_batch ?? token;
      // Saved before processing, as the SDK does: a crash mid-batch loses that batch's events rather than
      // running its commands twice.
      await Promise.resolve(this.storageProvider.setSyncToken(token));
      try {
        const emit = (type: string, ...payload: unknown[]): Promise<unknown> => Promise.resolve(this.emit(type, ...payload));
        await this.processSync(response, historyFilter(response, skipHistory, await this.getUserId(), emit));
      } catch (error) {
        this.loop.log.error({ err: errorSummary(error) }, 'matrix sync batch could not be processed; skipped');
      }
      synced();
    }
  }

  private get stopped(): boolean {
    return this.state === 'stopped';
  }

  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.cancelWait = null;
        this.wakeWait = null;
        resolve();
      };
      this.cancelWait = this.loop.clock.schedule(this.loop.clock.now() + ms, done);
      this.wakeWait = done;
    });
  }
}

/** A short, secret-free description of an SDK or HTTP error for the log. */
export function errorSummary(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { errcode?: string; statusCode?: number; message?: string; code?: string };
    if (e.errcode) return `${e.errcode} (HTTP ${e.statusCode ?? '?'})`;
    if (e.statusCode) return `HTTP ${e.statusCode}`;
    if (e.code) return e.code;
    if (e.message) return e.message;
  }
  return String(error);
}
