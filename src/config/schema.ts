/**
 * The one configuration schema. Every key is checked at start-up; an error names the key's path
 * (`testers[2].org`), and an unknown key is reported as a likely typo.
 */
import { z } from 'zod';
import { isRealDay } from '../ground/iso-time.js';
import { isValidTimeZone } from '../ground/time-format.js';
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
  name: name.optional().describe('How the bot names this person in replies (default: the person id).'),
  shell: name.optional().describe('Their name in the local shell (`/as NAME`).'),
  matrix: matrixUserId.optional().describe('Their Matrix user id, such as `@alice:example.org`; the homeserver vouches for it.'),
  irc: ircAccount.optional().describe('Their IRC services (NickServ) account, never the nick: the bot reads it from the IRCv3 `account-tag`.'),
});

const testerOrg = z.strictObject({
  org: name.describe('The organisation\'s name, as polls and sign-off tables show it; answers are kept per organisation.'),
  people: z.array(name).min(1, 'an organisation needs at least one person').describe('Person ids (keys of `people`) who answer for it; each person answers for one organisation.'),
  environments: z
    .array(z.enum(['dev', 'prod']))
    .min(1, 'name dev, prod or both')
    .refine((envs) => new Set(envs).size === envs.length, 'lists an environment twice')
    .default(['dev', 'prod'])
    .describe('Which testing it takes part in: `dev` (stage 2), `prod` (stage 3) or both.'),
});

const signoff = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('all').describe('`all`: every organisation enrolled for the stage answered ok or skip.') }),
  z.strictObject({
    rule: z.literal('quorum').describe('`quorum`: at least `minOk` organisations answered ok.'),
    minOk: z.number().int().min(1).describe('With `rule: quorum`: how many ok answers open the gate.'),
  }),
]);

/**
 * Marks the problems found by comparing keys with each other (configSchema's superRefine). zod runs those
 * checks only once every key has the right shape, so `--check-config` tells whether they ran by this mark.
 */
const ACROSS_KEYS = { acrossKeys: true } as const;

export const configSchema = z
  .strictObject({
    project: z.strictObject({
      name: name.describe('The project\'s name, as announcements and the release issue show it (`go-ipfs`).'),
      repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name').describe('The GitHub repository, `owner/name`: releases, the release issue and the CI gate.'),
      defaultBranch: name.default('master').describe('The branch feature release branches are cut from.'),
      issueLabel: name.default('release').describe('The label of the release issue; an existing issue with it whose title names the version is adopted.'),
    }).describe('The project whose releases Stagehand runs.'),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin').default('UTC').describe('The IANA time zone for dates in replies and for the cadence (`Europe/Berlin`).'),
    commandPrefix: z.string().regex(/^[^\s\w]{1,3}$/, 'must be one to three punctuation characters, such as "!"').default('!').describe('One to three punctuation characters that start a command.'),
    /** Relative to the config file's folder; `--data` overrides it. */
    dataDir: z.string().min(1).default('data').describe('Where the SQLite store and the lock live, relative to the config file\'s folder; `--data` overrides it.'),
    people: z.record(z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'person ids are lower-case words'), person).default({}).describe('Everyone the bot knows, by a lower-case id, with a handle per network. Anyone not listed is "anyone".'),
    leads: z.array(name).default([]).describe('Person ids of the release leads: they may run every command.'),
    testers: z.array(testerOrg).default([]).describe('The early-tester organisations, their people, and the testing they take part in.'),
    process: z
      .strictObject({
        expectedDays: z
          .strictObject({
            feature: stageDays.default({ 1: 7, 2: 7, 3: 7 }).describe('Days expected in each stage (`0`–`3`) of a feature release; a stage without an entry has no expectation.'),
            patch: stageDays.default({ 1: 1, 3: 2 }).describe('The same for a patch release (which skips stage 2).'),
          })
          .default({ feature: { 1: 7, 2: 7, 3: 7 }, patch: { 1: 1, 3: 2 } })
          .describe('How long each stage is expected to take; past it, the overdue reminder fires.'),
        compressedDays: z.number().positive().max(365).default(2).describe('After a restart, stages already completed once take at most this many days.'),
        signoff: signoff.default({ rule: 'all' }).describe('What opens the 2→3 and 3→4 gates: `{ rule: all }` or `{ rule: quorum, minOk: 3 }`. Under both, an open problem keeps the gate closed.'),
      })
      .default({ expectedDays: { feature: { 1: 7, 2: 7, 3: 7 }, patch: { 1: 1, 3: 2 } }, compressedDays: 2, signoff: { rule: 'all' } })
      .describe('The release process: expected times and the testers\' sign-off rule.'),
    cadence: z
      .strictObject({
        anchor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2019-09-09').refine(isRealDay, 'is not a real date').describe('A feature branch day (`2019-09-09`); the next ones fall every `everyWeeks` weeks after it.'),
        everyWeeks: z.number().int().min(1).max(52).default(6).describe('Weeks between feature branch days, whatever happened to earlier releases.'),
      })
      .describe('When feature branches fall.'),
    templates: z
      .strictObject({
        dir: z.string().default('templates').describe('The folder of announcement, note and blog-draft templates (`{{placeholders}}`), relative to the config file.'),
        checklist: z.string().default('release-checklist.md').describe('The release issue\'s checklist, relative to the config file; `templates/go-ipfs-release-issue.md` is go-ipfs\'s 2019 shape.'),
      })
      .default({ dir: 'templates', checklist: 'release-checklist.md' })
      .describe('The texts Stagehand posts. An unknown placeholder is refused at start-up, naming the file.'),
    chat: chatConfig.default({ shell: {}, staleCommandMinutes: 10 }).describe('Where Stagehand talks: the local shell, Matrix, IRC (at least one).'),
    schedule: scheduleSchema,
    github: githubSection.optional().describe('Present: releases, the release issue and the CI gate go to GitHub for real. Absent: a dry run that prints them.'),
    twitter: twitterSection.optional().describe('Present: the stage-3 and stage-4 posts go to X/Twitter for real. Absent: a dry run.'),
    /** Local mode's past releases (src/desk/file-history.ts), relative to the config file; with github: GitHub's tags win. */
    history: z
      .strictObject({ file: z.string().min(1).describe('One version a line (`v0.4.21`) or a YAML list, `#` comments allowed; relative to the config file.') })
      .optional()
      .describe('Past releases for a rehearsal without GitHub (with `github:`, GitHub\'s tags win).'),
    web: webSection.optional().describe('The status page, calendar feed, JSON API, `/healthz` and `/metrics`. Absent: no HTTP server at all.'),
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
    // The webhook endpoint is a route of the web server: without one, GitHub's deliveries would go nowhere.
    if (config.github?.webhooks && !config.web) ctx.addIssue({ code: 'custom', path: ['github', 'webhooks'], message: 'needs a web: section (the endpoint is served by the web server)' });
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
