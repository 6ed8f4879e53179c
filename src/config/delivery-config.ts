/** The `delivery:` section: when the leads hear that GitHub, X or the blog folder keeps posts waiting. */
import { z } from 'zod';
import { DEFAULT_DELAY_NOTICE_MINUTES } from '../publish/delay-notices.js';

export const deliverySection = z
  .strictObject({
    /** A post undelivered this long (retries go on by themselves) makes one notice to the leads per outage. */
    delayNoticeMinutes: z.number().positive().max(24 * 60).default(DEFAULT_DELAY_NOTICE_MINUTES),
  })
  .default({ delayNoticeMinutes: DEFAULT_DELAY_NOTICE_MINUTES });
