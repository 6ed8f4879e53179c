/**
 * One e2e world: real accounts, rooms and channels on the shared servers, named with a fresh suffix so
 * test files never see each other's traffic, and the bot config that ties them together.
 *
 * People: alice (lead), infura and pinata (testers of two organisations), a guest with no role. On Matrix
 * everyone is a registered user; on IRC alice, infura, pinata and the bot have Atheme accounts and log in
 * with SASL. Alice's IRC nick differs from her account name on purpose: the account is her identity, and
 * a spoofer can take the nick that equals her account name without being her.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BotProcess } from './bot.js';
import { IrcUser, registerIrcAccount } from './irc.js';
import { MatrixUser, registerMatrixUser } from './matrix.js';
import { servers } from './servers.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const IRC_PASSWORD = 'e2e-irc-password';

export interface WorldOptions {
  /** Leave Synapse's default message rate limit on the bot's account (the rate-limit scenario). */
  readonly botRateLimited?: boolean;
  /** Make the second Matrix announcement room end-to-end encrypted (the bot must refuse to post there). */
  readonly encryptedAnnounceRoom?: boolean;
  /** Run the bot on one network only (default both). */
  readonly only?: 'matrix' | 'irc';
}

export interface MatrixSide {
  readonly admin: MatrixUser;
  readonly bot: MatrixUser;
  readonly alice: MatrixUser;
  readonly infura: MatrixUser;
  /** A tester of the second organisation (Pinata), for votes from several organisations. */
  readonly pinata: MatrixUser;
  readonly guest: MatrixUser;
  readonly rooms: { readonly release: string; readonly announce: readonly string[]; readonly testers: string };
  readonly aliases: { readonly release: string; readonly announce: readonly string[]; readonly testers: string };
}

export interface IrcSide {
  readonly botNick: string;
  readonly accounts: { readonly bot: string; readonly alice: string; readonly infura: string; readonly pinata: string };
  readonly channels: { readonly release: string; readonly announce: string; readonly testers: string };
  readonly aliceNick: string;
}

export class World {
  private readonly dirs: string[] = [];
  private readonly clients: IrcUser[] = [];
  private readonly bots: BotProcess[] = [];

  private constructor(
    readonly suffix: string,
    readonly matrix: MatrixSide,
    readonly irc: IrcSide,
    private readonly options: WorldOptions,
  ) {}

  static async create(options: WorldOptions = {}): Promise<World> {
    const sfx = randomBytes(3).toString('hex');
    const [matrix, irc] = await Promise.all([matrixSide(sfx, options), ircSide(sfx)]);
    return new World(sfx, matrix, irc, options);
  }

  /** Connect an IRC user; `as` logs in to that world account with SASL, omit it for someone without one. */
  async ircUser(nick: string, as?: keyof IrcSide['accounts']): Promise<IrcUser> {
    const user = await IrcUser.connect(servers().irc, nick, as ? { account: this.irc.accounts[as], password: IRC_PASSWORD } : undefined);
    this.clients.push(user);
    return user;
  }

  /** The bot's configuration for this world. */
  config(dataDir: string): Record<string, unknown> {
    const { accounts } = this.irc;
    const m = this.matrix;
    return {
      project: { name: 'go-ipfs', repo: 'ipfs/go-ipfs' },
      timeZone: 'UTC',
      commandPrefix: '!',
      dataDir,
      people: {
        alice: { name: 'Alice', matrix: m.alice.userId, irc: accounts.alice },
        infura: { name: 'Infura ops', matrix: m.infura.userId, irc: accounts.infura },
        pinata: { name: 'Pinata ops', matrix: m.pinata.userId, irc: accounts.pinata },
      },
      leads: ['alice'],
      testers: [
        { org: 'Infura', people: ['infura'], environments: ['dev', 'prod'] },
        { org: 'Pinata', people: ['pinata'], environments: ['dev', 'prod'] },
      ],
      cadence: { anchor: '2019-09-09', everyWeeks: 6 },
      templates: { dir: join(REPO, 'config/templates'), checklist: join(REPO, 'config/release-checklist.md') },
      chat: {
        ...(this.options.only === 'irc' ? {} : { matrix: this.matrixConfig() }),
        ...(this.options.only === 'matrix' ? {} : { irc: this.ircConfig() }),
      },
    };
  }

  private matrixConfig(): Record<string, unknown> {
    const m = this.matrix;
    return {
      homeserverUrl: servers().synapse.url,
      accessToken: { env: 'STAGEHAND_MATRIX_TOKEN' },
      rooms: { release: [m.aliases.release], announce: [...m.aliases.announce], testers: [m.aliases.testers] },
    };
  }

  private ircConfig(): Record<string, unknown> {
    const irc = servers().irc;
    return {
      host: irc.host,
      port: irc.port,
      tls: false,
      nick: this.irc.botNick,
      sasl: { account: this.irc.accounts.bot, password: { env: 'STAGEHAND_IRC_PASSWORD' } },
      channels: { release: [this.irc.channels.release], announce: [this.irc.channels.announce], testers: [this.irc.channels.testers] },
      sendRate: { linesPerSecond: 4, burst: 8 },
      reconnect: { minSeconds: 0.5, maxSeconds: 2 },
    };
  }

  /** Start the bot on this world (a fresh data directory unless `dir` is given to resume one). */
  async startBot(dir?: string, logLevel?: string): Promise<{ bot: BotProcess; dir: string }> {
    const botDir = dir ?? mkdtempSync(join(tmpdir(), 'stagehand-e2e-'));
    if (!dir) this.dirs.push(botDir);
    const bot = await BotProcess.start(botDir, this.config(join(botDir, 'data')), {
      STAGEHAND_MATRIX_TOKEN: this.matrix.bot.accessToken,
      STAGEHAND_IRC_PASSWORD: IRC_PASSWORD,
    }, logLevel);
    this.bots.push(bot);
    return { bot, dir: botDir };
  }

  /** Stop every bot started so far (their data directories stay, to start again from). */
  async stopBots(): Promise<void> {
    await Promise.all(this.bots.map((b) => b.stop()));
  }

  async close(): Promise<void> {
    await Promise.all(this.bots.map((b) => b.stop()));
    await Promise.all(this.clients.map((c) => c.quit().catch(() => undefined)));
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function matrixSide(sfx: string, options: WorldOptions): Promise<MatrixSide> {
  const hs = servers().synapse;
  const [admin, bot, alice, infura, guest, pinata] = await Promise.all(
    ['admin', 'stagehand', 'alice', 'infura', 'guest', 'pinata'].map((name) => registerMatrixUser(hs, `${name}-${sfx}`, { admin: name === 'admin' })),
  );
  if (!admin || !bot || !alice || !infura || !guest || !pinata) throw new Error('registration returned too few users');
  const everyone = [alice, infura, pinata, guest, ...(options.botRateLimited ? [] : [bot])];
  await Promise.all(everyone.map((u) => admin.removeRateLimits(u.userId)));
  const aliases = {
    release: `#release-${sfx}:${hs.serverName}`,
    announce: [`#announce-${sfx}:${hs.serverName}`, `#news-${sfx}:${hs.serverName}`],
    testers: `#testers-${sfx}:${hs.serverName}`,
  };
  const local = (alias: string): string => alias.slice(1, alias.indexOf(':'));
  const [release, announce1, announce2, testers] = await Promise.all(
    [aliases.release, ...aliases.announce, aliases.testers].map((a, i) =>
      alice.createRoom(local(a), { encrypted: Boolean(options.encryptedAnnounceRoom) && i === 2 }),
    ),
  );
  if (!release || !announce1 || !announce2 || !testers) throw new Error('room creation returned too few rooms');
  await Promise.all([guest.join(release), guest.join(testers), infura.join(testers), infura.join(release), pinata.join(testers)]);
  return { admin, bot, alice, infura, pinata, guest, rooms: { release, announce: [announce1, announce2], testers }, aliases };
}

async function ircSide(sfx: string): Promise<IrcSide> {
  const irc = servers().irc;
  const accounts = { bot: `sh${sfx}`, alice: `alice${sfx}`, infura: `infura${sfx}`, pinata: `pinata${sfx}` };
  await Promise.all(Object.values(accounts).map((a) => registerIrcAccount(irc, a, IRC_PASSWORD)));
  return {
    botNick: accounts.bot,
    accounts,
    aliceNick: `AliceW${sfx}`,
    channels: { release: `#release-${sfx}`, announce: `#announce-${sfx}`, testers: `#testers-${sfx}` },
  };
}
