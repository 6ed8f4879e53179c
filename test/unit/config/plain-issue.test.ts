/** Issue 15 "Start-up": zod's generic messages in the config checks' own words (the issues come from zod itself). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainIssueMessage } from '../../../src/config/plain-issue.js';

const schema = z
  .object({
    port: z.number().int().min(1).max(65535),
    nick: z.string().min(1),
    process: z.enum(['full', 'patch']),
    rooms: z.array(z.string()).min(1),
    minutes: z.number().positive(),
    count: z.number().int(),
    tls: z.boolean(),
    repo: z.string().regex(/^[^/]+\/[^/]+$/, 'must be owner/name'),
  })
  .strict();

const said = (input: Record<string, unknown>): Record<string, string> => {
  const result = schema.safeParse({ port: 1, nick: 'bot', process: 'full', rooms: ['#r'], minutes: 1, count: 1, tls: true, repo: 'a/b', ...input });
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), plainIssueMessage(issue)]));
};

describe('plainIssueMessage', () => {
  it('says what a key must be, in words for someone editing YAML', () => {
    expect(said({ port: '6697x', tls: 'yes', count: 1.5, process: 'minor' })).toEqual({
      port: 'must be a number, not text',
      tls: 'must be true or false, not text',
      count: 'must be a whole number',
      process: 'must be one of full, patch',
    });
    expect(said({ port: 0, nick: '', rooms: [], minutes: 0 })).toEqual({
      port: 'must be at least 1',
      nick: 'must not be empty',
      rooms: 'must list at least one',
      minutes: 'must be more than 0',
    });
    expect(said({ port: 70000 })).toEqual({ port: 'must be at most 65535' });
    expect(said({ nick: undefined })).toEqual({ nick: 'required (text)' });
  });

  it('keeps a message the schema wrote itself', () => {
    expect(said({ repo: 'nope' })).toEqual({ repo: 'must be owner/name' });
  });
});
