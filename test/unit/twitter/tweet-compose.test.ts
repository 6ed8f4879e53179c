/**
 * The tweet is fitted when it is composed: the stored payload is the final text, so the rehearsal print,
 * `!release status` and the real post are one text. The publisher only checks it (with twitter-text)
 * and refuses clearly, without posting, a text X would refuse.
 */
import type { TwitterApiReadWrite } from 'twitter-api-v2';
import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import type { OutboxEffect } from '../../../src/ground/effects.js';
import { describePayload } from '../../../src/publish/dry-run-publisher.js';
import type { Release } from '../../../src/release/types.js';
import { parseVersion } from '../../../src/release/version.js';
import { AdjustableClock } from '../../../src/ground/clock.js';
import { EffectComposer, type ProjectInfo } from '../../../src/text/effect-composer.js';
import { TEMPLATE_NAMES, Templates } from '../../../src/text/templates.js';
import { TwitterPublisher } from '../../../src/twitter/twitter-publisher.js';

const PROJECT: ProjectInfo = { name: 'go-ipfs', repo: 'ipfs/go-ipfs', defaultBranch: 'master', timeZone: 'UTC', issueLabel: 'release', commandPrefix: '!' };
const RELEASE_URL = 'https://github.com/ipfs/go-ipfs/releases/tag/v0.5.0-rc1';
/** A reworded template, far over X's limit once filled in: CJK before the link, as a project might write. */
const LONG = `{{project}} {{tag}}: ${'新しいリリース候補です。'.repeat(30)} {{releaseUrl}}`;

function release(): Release {
  const version = parseVersion('0.5.0');
  if (!version.ok) throw new Error('bad version');
  const at = Date.parse('2026-01-05T09:00:00Z');
  return {
    version: version.value,
    kind: 'feature',
    process: 'full',
    rc: 1,
    stage: 3,
    status: 'active',
    createdAt: at,
    createdBy: 'lead',
    endedAt: null,
    completedStages: [0, 1, 2],
    visits: [{ rc: 1, stage: 3, enteredAt: at, leftAt: null, expectedMs: null, override: null, exit: null }],
    revision: 1,
  };
}

function composeStage3(): { tweet: string; matrix: string } {
  const texts = Object.fromEntries(TEMPLATE_NAMES.map((n) => [n, n === 'tweet-prod' || n === 'announce-prod' ? LONG : 'text'])) as Record<(typeof TEMPLATE_NAMES)[number], string>;
  const composer = new EffectComposer(Templates.fromTexts(texts, (n) => n), PROJECT);
  const drafts = composer.compose({
    release: release(),
    occurrence: { type: 'stage-entered', from: 2, stage: 3, override: null },
    actor: 'lead',
    at: Date.parse('2026-01-06T09:00:00Z'),
    testers: [],
    base: 'master',
    previousRelease: null,
    projectedRelease: null,
    closingRound: { rc: 1, stage: 2, signoff: [] },
  });
  const textOf = (destination: string): string => {
    const payload = drafts.find((d) => d.destination === destination && d.payload.action === 'announce')?.payload;
    if (payload?.action !== 'announce') throw new Error(`no ${destination} announcement`);
    return payload.text;
  };
  return { tweet: textOf('twitter'), matrix: textOf('matrix') };
}

describe('the tweet is fitted when composed', () => {
  it('stores a text X takes, with the release link whole; other networks get the whole text', () => {
    const { tweet, matrix } = composeStage3();
    expect(twitterText.parseTweet(tweet).valid).toBe(true);
    expect(twitterText.extractUrls(tweet)).toContain(RELEASE_URL);
    expect(tweet.startsWith('go-ipfs v0.5.0-rc1: 新しいリリース候補です。')).toBe(true);
    expect(twitterText.parseTweet(matrix).weightedLength).toBeGreaterThan(280);
  });

  it('the rehearsal print shows exactly the text that will be posted', () => {
    const { tweet } = composeStage3();
    expect(describePayload({ action: 'announce', text: tweet }).join('\n')).toBe(tweet);
  });
});

describe('TwitterPublisher verifies, never cuts', () => {
  const effect = (text: string): OutboxEffect => ({ key: 'k', destination: 'twitter', target: '', payload: { action: 'announce', text } }) as unknown as OutboxEffect;
  const untouchable = new Proxy({}, { get: () => { throw new Error('X was called'); } }) as TwitterApiReadWrite;

  it('refuses a text X would refuse, saying why, without calling X', async () => {
    const publisher = new TwitterPublisher(untouchable, AdjustableClock.manual(0));
    const outcome = await publisher.deliver(effect(`${'新しい'.repeat(60)} ${RELEASE_URL}`));
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/X\/Twitter would refuse this post \(384 weighted characters/);
  });
});
