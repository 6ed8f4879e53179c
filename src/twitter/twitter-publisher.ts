/**
 * X/Twitter as a publisher: the stage-3 and stage-4 posts. Before posting it reads the account's recent
 * posts for the same text, so a delivery repeated after a crash between X's answer and the outbox's record
 * is recognised; X's own duplicate-content refusal (403 with a `detail`) also means it was posted already.
 */
import { ApiRequestError, ApiResponseError, type TwitterApiReadWrite } from 'twitter-api-v2';
import type { Audience, OutboxEffect } from '../ground/effects.js';
import type { DeliveryOutcome, Publisher } from '../publish/publisher.js';
import { describeRequestFailure, requestFailureOf } from '../publish/request-failure.js';
import { waitOf } from '../publish/retry-after.js';
import type { Clock } from '../ground/clock.js';
import { tweetVerdict } from '../text/tweet-fit.js';

/** How many of the account's latest posts are compared; Stagehand posts twice per release. */
const RECENT = 20;

export class TwitterPublisher implements Publisher {
  readonly destination = 'twitter' as const;
  private userId: string | null = null;

  constructor(
    private readonly client: TwitterApiReadWrite,
    private readonly clock: Clock,
  ) {}

  /** Only public announcements go to the account. */
  targets(audience: Audience): readonly string[] {
    return audience === 'announce' ? [''] : [];
  }

  async deliver(effect: OutboxEffect): Promise<DeliveryOutcome> {
    const { payload } = effect;
    if (payload.action !== 'announce') return { kind: 'failed', reason: `X/Twitter does not take ${payload.action} effects` };
    // The composer fitted the text to X's limit; what is stored is posted as it is, never cut here.
    const { text } = payload;
    const verdict = tweetVerdict(text);
    if (!verdict.valid) {
      return { kind: 'failed', reason: `X/Twitter would refuse this post (${verdict.weightedLength} weighted characters, at most 280 and none of U+FEFF/U+FFFE/U+FFFF): shorten the tweet template` };
    }
    try {
      if (await this.postedRecently(text)) return { kind: 'delivered', already: true };
      await this.client.v2.tweet(text);
      return { kind: 'delivered' };
    } catch (error) {
      return this.outcomeOf(error);
    }
  }

  /**
   * Whether the account's recent posts already hold this text. X's lowest access tier may not read
   * timelines (403): then only X's own duplicate-content refusal guards against a second post.
   */
  private async postedRecently(text: string): Promise<boolean> {
    try {
      this.userId ??= (await this.client.v2.me()).data.id;
      const timeline = await this.client.v2.userTimeline(this.userId, { max_results: RECENT, exclude: ['replies', 'retweets'] });
      const wanted = comparable(text);
      return timeline.tweets.some((t) => comparable(t.text) === wanted);
    } catch (error) {
      if (error instanceof ApiResponseError && error.code === 403) return false;
      throw error;
    }
  }

  private outcomeOf(error: unknown): DeliveryOutcome {
    if (error instanceof ApiResponseError) {
      const data = error.data as { detail?: string; title?: string };
      const reason = `X/Twitter answered ${error.code}: ${(data.detail ?? data.title ?? error.message).replace(/\.$/, '')}`;
      if (error.code === 403 && /duplicate/i.test(data.detail ?? '')) return { kind: 'delivered', already: true };
      if (error.code === 429 || error.code >= 500) {
        const afterMs = waitOf(error.headers, this.clock.now());
        return afterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, afterMs };
      }
      return { kind: 'failed', reason };
    }
    // A request the client would not build (an invalid header) fails the same way every time: once.
    const failure = requestFailureOf(error instanceof ApiRequestError ? error.requestError : error);
    if (failure?.kind === 'unsent') return { kind: 'failed', reason: `X/Twitter: ${describeRequestFailure(failure, 'X/Twitter')}` };
    // A request given up at its deadline is an AbortError whose cause says so.
    const cause = error instanceof ApiRequestError && error.requestError.name === 'AbortError' && error.requestError.cause instanceof Error ? error.requestError.cause : null;
    const reason = error instanceof ApiRequestError ? `X/Twitter could not be reached: ${(cause ?? error.requestError).message}` : String(error);
    return { kind: 'retry', reason };
  }
}

/** X shows links as t.co and escapes &, < and >: compare posts with links and escapes set aside. */
function comparable(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/https?:\/\/\S+/g, '<link>')
    .replace(/\s+/g, ' ')
    .trim();
}
