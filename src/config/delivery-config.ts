/** The `delivery:` section: when the leads hear that GitHub, X or the blog folder keeps posts waiting. */
import { z } from 'zod';

/** A post undelivered this long makes one notice to the leads (the `delivery.delayNoticeMinutes` default). */
export const DEFAULT_DELAY_NOTICE_MINUTES = 5;

/** How long a GitHub or X request may go unanswered before it is given up and retried (configurable). */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

export const deliverySection = z
  .strictObject({
    delayNoticeMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .default(DEFAULT_DELAY_NOTICE_MINUTES)
      .describe('A post to GitHub, X or the blog folder undelivered this many minutes (retries go on by themselves) makes one notice to the leads per outage, and one when it is over.'),
  })
  .default({ delayNoticeMinutes: DEFAULT_DELAY_NOTICE_MINUTES })
  .describe('When the leads hear that a service keeps posts waiting.');
