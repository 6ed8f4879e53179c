/**
 * The one configuration schema. Every key is checked at start-up; an error names the key's path
 * (`testers[2].org`), and an unknown key is reported as a likely typo.
 */
import { z } from 'zod';
import { isRealDay } from '../text/iso-time.js';
import { isValidTimeZone } from '../text/time-format.js';
import { chatConfig } from './chat-config.js';
import { scheduleSchema } from './schedule-config.js';
import { githubSection } from './github-config.js';
import { twitterSection } from './twitter-config.js';
import { webSection } from './web-config.js';
import { deliverySection } from './delivery-config.js';

const name = z.string().trim().min(1, 'must not be empty').max(200);
const ircAccount = z.string().regex(/^[^\s,*?!@]+$/, 'must be an IRC services account name (no spaces, commas or wildcards)');
const matrixUserId = z.string().regex(/^@[^:\s]+:[^\s]+$/, 'must be a Matrix user id such as @alice:example.org');
const stageDays = z.partialRecord(z.enum(['0', '1', '2', '3']), z.number().positive().max(365));

const person = z.strictObject({
  /** How the bot names this person in replies. */
  name: name.optional(),
  shell: name.optional(),
  matrix: matrixUserId.optional(),
  irc: ircAccount.optional(),
});

const testerOrg = z.strictObject({
  org: name,
  people: z.array(name).min(1, 'an organisation needs at least one person'),
  environments: z
    .array(z.enum(['dev', 'prod']))
    .min(1, 'name dev, prod or both')
    .refine((envs) => new Set(envs).size === envs.length, 'lists an environment twice')
    .default(['dev', 'prod']),
});

const signoff = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('all') }),
  z.strictObject({ rule: z.literal('quorum'), minOk: z.number().int().min(1) }),
]);

/**
 * Marks the problems found by comparing keys with each other (configSchema's superRefine). zod runs those
 * checks only once every key has the right shape, so `--check-config` tells whether they ran by this mark.
 */
const ACROSS_KEYS = { acrossKeys: true } as const;

export const configSchema = z
  .strictObject({
    project: z.strictObject({
      name,
      repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name'),
      defaultBranch: name.default('master'),
      issueLabel: name.default('release'),
    }),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin').default('UTC'),
    commandPrefix: z.string().regex(/^[^\s\w]{1,3}$/, 'must be one to three punctuation characters, such as "!"').default('!'),
    /** Relative to the config file's folder; `--data` overrides it. */
    dataDir: z.string().min(1).default('data'),
    people: z.record(z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'person ids are lower-case words'), person).default({}),
    leads: z.array(name).default([]),
    testers: z.array(testerOrg).default([]),
    process: z
      .strictObject({
        expectedDays: z
          .strictObject({ feature: stageDays.default({ 1: 7, 2: 7, 3: 7 }), patch: stageDays.default({ 1: 1, 3: 2 }) })
          .default({ feature: { 1: 7, 2: 7, 3: 7 }, patch: { 1: 1, 3: 2 } }),
        compressedDays: z.number().positive().max(365).default(2),
        signoff: signoff.default({ rule: 'all' }),
      })
      .default({ expectedDays: { feature: { 1: 7, 2: 7, 3: 7 }, patch: { 1: 1, 3: 2 } }, compressedDays: 2, signoff: { rule: 'all' } }),
    cadence: z
      .strictObject({
        anchor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2019-09-09').refine(isRealDay, 'is not a real date'),
        everyWeeks: z.number().int().min(1).max(52).default(6),
      }),
    templates: z
      .strictObject({ dir: z.string().default('templates'), checklist: z.string().default('release-checklist.md') })
      .default({ dir: 'templates', checklist: 'release-checklist.md' }),
    chat: chatConfig.default({ shell: {}, staleCommandMinutes: 10 }),
    schedule: scheduleSchema,
    github: githubSection.optional(),
    twitter: twitterSection.optional(),
    /** Local mode's past releases (src/desk/file-history.ts), relative to the config file; with github: GitHub's tags win. */
    history: z.strictObject({ file: z.string().min(1) }).optional(),
    web: webSection.optional(),
    delivery: deliverySection,
  })
  .superRefine((config, ctx) => {
    const known = new Set(Object.keys(config.people));
    config.leads.forEach((id, i) => {
      if (!known.has(id)) ctx.addIssue({ code: 'custom', params: ACROSS_KEYS, path: ['leads', i], message: `"${id}" is not listed under people` });
    });
    const orgOf = new Map<string, string>();
    const orgNames = new Set<string>();
    config.testers.forEach((org, i) => {
      // Answers are kept per organisation name: two entries with one name would share (and mix) them.
      if (orgNames.has(org.org)) ctx.addIssue({ code: 'custom', params: ACROSS_KEYS, path: ['testers', i, 'org'], message: `"${org.org}" is enrolled twice` });
      orgNames.add(org.org);
      org.people.forEach((id, j) => {
        if (!known.has(id)) ctx.addIssue({ code: 'custom', params: ACROSS_KEYS, path: ['testers', i, 'people', j], message: `"${id}" is not listed under people` });
        const other = orgOf.get(id);
        if (other !== undefined) {
          const message = other === org.org ? `"${id}" is listed twice` : `"${id}" already answers for ${other}`;
          ctx.addIssue({ code: 'custom', params: ACROSS_KEYS, path: ['testers', i, 'people', j], message });
        }
        orgOf.set(id, org.org);
      });
    });
    for (const network of ['shell', 'matrix', 'irc'] as const) {
      const seen = new Map<string, string>();
      for (const [id, p] of Object.entries(config.people)) {
        const handle = p[network];
        if (handle === undefined) continue;
        const key = network === 'matrix' ? handle : handle.toLowerCase();
        const owner = seen.get(key);
        if (owner) ctx.addIssue({ code: 'custom', params: ACROSS_KEYS, path: ['people', id, network], message: `"${handle}" is also ${owner}'s ${network} identity` });
        seen.set(key, id);
      }
    }
    const { signoff } = config.process;
    if (signoff.rule === 'quorum') {
      for (const env of ['dev', 'prod'] as const) {
        const enrolled = config.testers.filter((t) => t.environments.includes(env)).length;
        if (signoff.minOk > enrolled) {
          ctx.addIssue({
            code: 'custom',
            params: ACROSS_KEYS,
            path: ['process', 'signoff', 'minOk'],
            message: `asks for ${signoff.minOk} ok answers but only ${enrolled} organisations take part in ${env} testing; that gate could never open`,
          });
        }
      }
    }
  });

export type Config = z.infer<typeof configSchema>;


export const isAcrossKeys = (issue: z.core.$ZodIssue): boolean => issue.code === 'custom' && issue.params?.['acrossKeys'] === true;
