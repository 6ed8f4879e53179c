/**
 * Where Stagehand talks: the local shell, Matrix, IRC. Each network lists its rooms/channels by audience:
 * `release` (leads run commands here; notices to the leads), `announce` (public stage announcements),
 * `testers` (early-tester polls and reminders). A room may serve several audiences.
 */
import { z } from 'zod';
import { secretRef } from './secret-ref.js';

const matrixRoom = z.string().regex(/^[!#][^:\s]+:\S+$/, 'must be a room id (!abc:example.org) or alias (#room:example.org)');
const ircChannel = z.string().regex(/^[#&][^\s,\x07]{1,49}$/, 'must be a channel name such as #ipfs-release');

const rooms = <T extends z.ZodType<string>>(room: T) =>
  z.strictObject({
    release: z.array(room).min(1, 'list at least one room where the leads run releases').describe('Where the leads run commands; notices to the leads go here.'),
    announce: z.array(room).default([]).describe('Public stage announcements.'),
    testers: z.array(room).default([]).describe('Where early testers answer; polls and tester reminders go here.'),
  });

export const matrixConfig = z.strictObject({
  homeserverUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://matrix.example.org' }).describe('The homeserver\'s client API root, such as `https://matrix.example.org`.'),
  accessToken: secretRef.describe('The bot account\'s access token; a refused one stops the start.'),
  rooms: rooms(matrixRoom).describe('Rooms by audience, each a room id (`!abc:example.org`) or alias (`#room:example.org`); the bot joins them, and accepts invites from leads only.'),
});

export const ircConfig = z.strictObject({
  host: z.string().min(1).describe('The IRC server\'s host name.'),
  port: z.number().int().min(1).max(65535).default(6697).describe('The server\'s port.'),
  tls: z.boolean().default(true).describe('Connect with TLS; certificates are verified.'),
  nick: z.string().regex(/^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,29}$/, 'must be a valid IRC nick').describe('The bot\'s nick; a nick in use gets a `_`.'),
  sasl: z
    .strictObject({
      account: z.string().min(1).describe('The bot\'s services account name.'),
      password: secretRef.describe('That account\'s password.'),
    })
    .optional()
    .describe('The bot\'s own services account, logged in with SASL PLAIN.'),
  channels: rooms(ircChannel).describe('Channels by audience (`#ipfs-release`). Commands are read in the release and testers channels; private messages are ignored.'),
  /** Output flood control: a token bucket of `burst` lines refilled at `linesPerSecond` (above 50 only on a network that allows it). */
  sendRate: z
    .strictObject({
      linesPerSecond: z.number().positive().max(100).default(1).describe('Lines refilled per second; public networks want the default, above 50 only where the network allows it.'),
      burst: z.number().int().min(1).max(100).default(4).describe('Lines that may go out at once.'),
    })
    .default({ linesPerSecond: 1, burst: 4 })
    .describe('Output flood control: every line leaves through one token bucket of `burst` lines refilled at `linesPerSecond`.'),
  /** Reconnect forever, waiting `minSeconds` doubling up to `maxSeconds` between tries. */
  reconnect: z
    .strictObject({
      minSeconds: z.number().positive().default(1).describe('The first wait before reconnecting.'),
      maxSeconds: z.number().positive().default(300).describe('The longest wait; the wait doubles up to it.'),
    })
    .default({ minSeconds: 1, maxSeconds: 300 })
    .describe('The bot reconnects forever, waiting `minSeconds` doubling up to `maxSeconds` between tries.'),
});

export const chatConfig = z
  .strictObject({
    shell: z.strictObject({}).optional().describe('The terminal as a chat network (local mode): `shell: {}`. Without it there is no terminal chat and the bot runs until SIGTERM.'),
    matrix: matrixConfig.optional().describe('A Matrix account for the bot.'),
    irc: ircConfig.optional().describe('An IRC network for the bot.'),
    staleCommandMinutes: z.number().positive().max(24 * 60).default(10).describe('A lead\'s command read more than this many minutes after it was sent (the bot was offline) is not run; the bot asks for it again. Testers\' answers are recorded at their own time.'),
  })
  .refine((c) => c.shell || c.matrix || c.irc, 'configure at least one of shell, matrix, irc');

export type MatrixConfig = z.infer<typeof matrixConfig>;
export type IrcConfig = z.infer<typeof ircConfig>;
export type ChatConfig = z.infer<typeof chatConfig>;
