/** The `delivery:` section: when the leads hear that GitHub, X or the blog folder keeps posts waiting. */
import { z } from 'zod';

/** A post undelivered this long makes one notice to the leads (the `delivery.delayNoticeMinutes` default). */
export const DEFAULT_DELAY_NOTICE_MINUTES = 5;

/** How long a GitHub or X request may go unanswered before it is given up and retried (configurable). */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

export const deliverySection = z
  .strictObject({
    /** A post undelivered this long (retries go on by themselves) makes one notice to the leads per outage. */
    delayNoticeMinutes: z.number().positive().max(24 * 60).default(DEFAULT_DELAY_NOTICE_MINUTES),
  })
  .default({ delayNoticeMinutes: DEFAULT_DELAY_NOTICE_MINUTES });
