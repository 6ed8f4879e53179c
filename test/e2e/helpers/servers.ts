/**
 * The servers the global setup started (scripts/e2e/servers.mjs), as tests see them, and the means to
 * restart one of them in the middle of a test (same ports, same data).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inject } from 'vitest';

export interface SynapseInfo {
  readonly serverName: string;
  readonly url: string;
  readonly port: number;
  readonly sharedSecret: string;
}

export interface IrcInfo {
  readonly serverName: string;
  readonly host: string;
  readonly port: number;
  /** A client port with InspIRCd's default (public-network) flood limits. */
  readonly strictPort: number;
}

export interface ServersState {
  readonly runDir: string;
  readonly synapse: SynapseInfo;
  readonly irc: IrcInfo;
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: ServersState;
    serversScript: string;
  }
}

export const servers = (): ServersState => inject('servers');

const run = promisify(execFile);

async function script(...args: string[]): Promise<void> {
  await run(process.execPath, [inject('serversScript'), ...args], { env: { ...process.env, E2E_RUN_DIR: servers().runDir }, timeout: 180_000 });
}

export const stopServer = (which: 'synapse' | 'irc'): Promise<void> => script('stop', which);
export const startServer = (which: 'synapse' | 'irc'): Promise<void> => script('start', which);

/** The pids `servers.mjs status` reports now (they change with every restart). */
export async function serverPids(): Promise<{ synapse?: number; inspircd?: number; atheme?: number }> {
  const { stdout } = await run(process.execPath, [inject('serversScript'), 'status'], { env: { ...process.env, E2E_RUN_DIR: servers().runDir } });
  const state = JSON.parse(stdout) as { synapse: { pid?: number }; irc: { pid?: number; athemePid?: number } };
  return { synapse: state.synapse.pid, inspircd: state.irc.pid, atheme: state.irc.athemePid };
}
