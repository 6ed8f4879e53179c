/**
 * The e2e servers themselves, before any bot: real clients talk on each network, SASL logs in to an Atheme
 * account, the account tag names the sender's account (and is absent for a nick without one), and Synapse
 * limits an account's sending by default unless the admin API lifted it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { IrcUser, registerIrcAccount } from './helpers/irc.js';
import { MatrixError, registerMatrixUser } from './helpers/matrix.js';
import { connect } from 'node:net';
import { serverPids, servers, startServer, stopServer } from './helpers/servers.js';

const unique = (prefix: string): string => `${prefix}${randomUUID().slice(0, 6)}`;

describe('Synapse', () => {
  it('lets two registered users talk in a room', async () => {
    const hs = servers().synapse;
    const ann = await registerMatrixUser(hs, unique('ann'));
    const ben = await registerMatrixUser(hs, unique('ben'));
    const room = await ann.createRoom(unique('talk'));
    await ben.join(room);
    await ann.say(room, 'hello ben');
    const seen = await eventually(async () => (await ben.messages(room)).find((e) => e.content.body === 'hello ben'), { what: 'ben to see the message' });
    expect(seen.sender).toBe(ann.userId);
  });

  it('rate-limits an ordinary account by default and not one whose limits the admin lifted', async () => {
    const hs = servers().synapse;
    const admin = await registerMatrixUser(hs, unique('admin'), { admin: true });
    const limited = await registerMatrixUser(hs, unique('limited'));
    const free = await registerMatrixUser(hs, unique('free'));
    await admin.removeRateLimits(free.userId);
    const room = await limited.createRoom(unique('flood'));
    await free.join(room);

    const burst = async (user: typeof limited): Promise<string | undefined> => {
      for (let i = 0; i < 30; i++) {
        try {
          await user.say(room, `line ${i}`);
        } catch (error) {
          if (error instanceof MatrixError) return error.errcode;
          throw error;
        }
      }
      return undefined;
    };
    expect(await burst(limited)).toBe('M_LIMIT_EXCEEDED');
    expect(await burst(free)).toBeUndefined();
  });
});

describe('InspIRCd with Atheme', () => {
  const clients: IrcUser[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('logs in with SASL and tags messages with the sender account; a look-alike nick has no account', async () => {
    const irc = servers().irc;
    const account = unique('acct');
    await registerIrcAccount(irc, account, 'secret-pass');

    const real = await IrcUser.connect(irc, account, { account, password: 'secret-pass' });
    const listener = await IrcUser.connect(irc, unique('lis'));
    clients.push(real, listener);
    expect(real.account).toBe(account);
    expect(listener.capEnabled('account-tag')).toBe(true);
    expect(listener.capEnabled('extended-join')).toBe(true);
    expect(listener.capEnabled('account-notify')).toBe(true);

    const channel = `#${unique('talk')}`;
    await listener.join(channel);
    await real.join(channel);
    real.say(channel, 'from the account holder');
    const line = await listener.waitFor((l) => l.text === 'from the account holder');
    expect(line.account).toBe(account);

    // Someone else takes a similar nick (the real one is in use) without logging in: no account tag.
    const spoof = await IrcUser.connect(irc, `${account}_`);
    clients.push(spoof);
    await spoof.join(channel);
    spoof.say(channel, 'from a look-alike');
    const spoofed = await listener.waitFor((l) => l.text === 'from a look-alike');
    expect(spoofed.account).toBeUndefined();
  });

  it('refuses a SASL login with a wrong password', async () => {
    const irc = servers().irc;
    const account = unique('acct');
    await registerIrcAccount(irc, account, 'right-pass');
    await expect(IrcUser.connect(irc, unique('x'), { account, password: 'wrong-pass' })).rejects.toThrow(/SASL login/);
  });
});

describe('the servers script', () => {
  const alive = (pid: number | undefined): boolean => {
    try {
      return pid !== undefined && process.kill(pid, 0);
    } catch {
      return false;
    }
  };
  const ircPortOpen = (): Promise<boolean> =>
    new Promise((resolve) => {
      const socket = connect(servers().irc.port, '127.0.0.1');
      socket.on('connect', () => (socket.destroy(), resolve(true))).on('error', () => resolve(false));
    });

  // Tests restart both servers with two scripts at once. Each used to rewrite the whole state file from its
  // own copy, so one new pid was lost and that server outlived every later stop (a stale IRC server kept the
  // old users, and a reconnecting user found its nick still taken).
  it('restarts Synapse and the IRC server at the same time, and a later stop stops both', async () => {
    const user = await IrcUser.connect(servers().irc, unique('old'));
    const before = await serverPids();
    await Promise.all([stopServer('synapse'), stopServer('irc')]);
    await Promise.all([startServer('synapse'), startServer('irc')]);
    const after = await serverPids();
    for (const name of ['synapse', 'inspircd', 'atheme'] as const) {
      expect(alive(before[name]), `the old ${name}`).toBe(false);
      expect(alive(after[name]), `the new ${name}`).toBe(true);
    }
    await eventually(() => (user.connected ? undefined : true), { what: 'the user on the old IRC server to be disconnected' });

    await Promise.all([stopServer('synapse'), stopServer('irc')]);
    try {
      expect(await ircPortOpen(), 'the IRC port after stop').toBe(false);
      await expect(fetch(`${servers().synapse.url}/_matrix/client/versions`), 'Synapse after stop').rejects.toThrow();
    } finally {
      await Promise.all([startServer('synapse'), startServer('irc')]);
    }
    const again = await IrcUser.connect(servers().irc, unique('new'));
    await again.quit();
  });
});
