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
    release: z.array(room).min(1, 'list at least one room where the leads run releases'),
    announce: z.array(room).default([]),
    testers: z.array(room).default([]),
  });

export const matrixConfig = z.strictObject({
  homeserverUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://matrix.example.org' }),
  accessToken: secretRef,
  rooms: rooms(matrixRoom),
});

export const ircConfig = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(6697),
  tls: z.boolean().default(true),
  nick: z.string().regex(/^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]{0,29}$/, 'must be a valid IRC nick'),
  /** The bot's own services account, logged in with SASL PLAIN. */
  sasl: z.strictObject({ account: z.string().min(1), password: secretRef }).optional(),
  channels: rooms(ircChannel),
  /** Output flood control: a token bucket of `burst` lines refilled at `linesPerSecond` (above 50 only on a network that allows it). */
  sendRate: z
    .strictObject({ linesPerSecond: z.number().positive().max(100).default(1), burst: z.number().int().min(1).max(100).default(4) })
    .default({ linesPerSecond: 1, burst: 4 }),
  /** Reconnect forever, waiting from `minSeconds` doubling up to `maxSeconds` between tries. */
  reconnect: z
    .strictObject({ minSeconds: z.number().positive().default(1), maxSeconds: z.number().positive().default(300) })
    .default({ minSeconds: 1, maxSeconds: 300 }),
});

export const chatConfig = z
  .strictObject({
    /** The terminal as a chat network (local mode). */
    shell: z.strictObject({}).optional(),
    matrix: matrixConfig.optional(),
    irc: ircConfig.optional(),
    /** A lead's command read more than this long after it was sent (bot offline) is not run. */
    staleCommandMinutes: z.number().positive().max(24 * 60).default(10),
  })
  .refine((c) => c.shell || c.matrix || c.irc, 'configure at least one of shell, matrix, irc');

export type MatrixConfig = z.infer<typeof matrixConfig>;
export type IrcConfig = z.infer<typeof ircConfig>;
export type ChatConfig = z.infer<typeof chatConfig>;
