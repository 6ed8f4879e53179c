/**
 * Whether the store can be written. A write that fails for a reason of the storage itself (the disk is
 * full, the file went read-only, an I/O error) starts an outage; it ends when a probe (probeRoom) finds room
 * for a write of several pages again. Not the next small write that happens to succeed: a row updated in
 * place needs no new space and would end the outage only for the next insert to start another. Writers (the outbox worker, the scheduler, the command dispatcher) report here, so
 * an outage is noticed once however many of them hit it, and /healthz and `!release status` can show it.
 * Which words describe a fault is the text layer's business; this file only classifies.
 */

/** What kind of storage fault a write hit. */
export type StorageFaultKind = 'full' | 'read-only' | 'io' | 'corrupt' | 'busy';

export interface StorageFault {
  readonly kind: StorageFaultKind;
  /** The driver's own code (SQLITE_FULL, SQLITE_IOERR_WRITE, ENOSPC), for the log. */
  readonly code: string;
}

export interface Outage {
  /** When the first failed write of this outage happened (epoch ms, the injected clock's). */
  readonly since: number;
  /** The fault of the first failed write. */
  readonly fault: StorageFault;
  /** The driver's message of the first failed write. */
  readonly message: string;
}

export interface WriteHealthListener {
  onOutage?(outage: Outage): void;
  onRecovered?(outage: Outage, at: number): void;
}

import type { Db } from './database.js';

/**
 * Delays between tries of a failing write: from one second, doubling. The probe, which notices the end of
 * an outage, tries at least once a minute; a writer with work to redo (the outbox, a reminder slot) at least
 * once an hour, and at once when the probe finds room (whenRecovered). So a shell `/time +30d` during an
 * outage replays one probe a minute, not one try a minute per writer.
 */
export const STORAGE_RETRY = { firstMs: 1_000, probeMaxMs: 60_000, writerMaxMs: 60 * 60_000 } as const;

export function storageRetryDelay(attempt: number, maxMs: number = STORAGE_RETRY.writerMaxMs): number {
  return Math.min(maxMs, STORAGE_RETRY.firstMs * 2 ** Math.min(attempt, 30));
}

/**
 * The storage fault behind `error`, or null when it is not one (a constraint, a bug). better-sqlite3 throws
 * SqliteError with extended codes (SQLITE_IOERR_WRITE); Node's own file writes give errno codes.
 */
export function storageFaultOf(error: unknown): StorageFault | null {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return { kind: 'full', code };
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return { kind: 'read-only', code };
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return { kind: 'io', code };
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return { kind: 'corrupt', code };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return { kind: 'busy', code };
  return null;
}

export class WriteHealth {
  private current: Outage | null = null;
  private readonly listeners: WriteHealthListener[] = [];
  private waiting: Array<() => void> = [];

  /** The outage now, or null while writes work. */
  get outage(): Outage | null {
    return this.current;
  }

  watch(listener: WriteHealthListener): void {
    this.listeners.push(listener);
  }

  /** Call `retry` once when the current outage ends (a writer with work to redo need not wait its timer). */
  whenRecovered(retry: () => void): void {
    if (this.current !== null) this.waiting.push(retry);
  }

  /**
   * Report a failed write. Returns its storage fault (an outage starts if none is on), or null when the
   * error is not a storage fault: then it is the caller's to handle as before.
   */
  failed(error: unknown, at: number): StorageFault | null {
    const fault = storageFaultOf(error);
    if (fault === null || this.current !== null) return fault;
    const outage: Outage = { since: at, fault, message: error instanceof Error ? error.message : String(error) };
    this.current = outage;
    for (const l of this.listeners) l.onOutage?.(outage);
    return fault;
  }

  /**
   * Run a write that may be lost on a storage fault without harm (bookkeeping a later write redoes): a
   * storage fault is reported (at `now()`) and the write dropped; any other error is thrown.
   */
  tolerate(write: () => void, now: () => number): void {
    try {
      write();
    } catch (error) {
      if (this.failed(error, now()) === null) throw error;
    }
  }

  /** Report that writes work again (a probe succeeded): an outage on ends here. */
  succeeded(at: number): void {
    const outage = this.current;
    if (outage === null) return;
    this.current = null;
    for (const l of this.listeners) l.onRecovered?.(outage, at);
    const waiting = this.waiting;
    this.waiting = [];
    for (const retry of waiting) retry();
  }
}

/** How much a probe writes: sixteen pages of 4 KiB, more than any one command or delivery writes. */
const PROBE_BYTES = 64 * 1024;
const PROBE_KEY = 'storage-probe';

/**
 * Throws the store's error while it has no room for a write of several fresh pages. The write commits (a
 * rolled-back one never reaches the disk, so it would prove nothing) and is deleted again at once.
 */
export function probeRoom(db: Db): void {
  db.transaction(() => db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(PROBE_KEY, 'x'.repeat(PROBE_BYTES))).immediate();
  db.transaction(() => db.prepare('DELETE FROM settings WHERE key = ?').run(PROBE_KEY)).immediate();
}
