/** The `delivery:` section: when the leads hear that GitHub, X or the blog folder keeps posts waiting. */
import { z } from 'zod';
import { DEFAULT_DELAY_NOTICE_MINUTES } from '../publish/delay-notices.js';

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
