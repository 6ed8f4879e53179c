/**
 * What the local shell's banner says beyond its greeting: where the status page is (on a free port when
 * the configured one was taken by another local shell), and that the simulated clock continues from an
 * earlier run on this data directory — `/time` moves are saved, and a restart that silently started weeks
 * ahead of the real date surprised people.
 */
import type { AdjustableClock } from '../ground/clock.js';
import { formatDateTime, formatDuration } from '../ground/time-format.js';

/** The settings key under which the shell's `/time` offset is kept between runs (milliseconds). */
export const LOCAL_CLOCK_OFFSET = 'local-clock-offset-ms';

export interface LocalBanner {
  /** The status page's URL once it listens; null without a `web:` section. */
  readonly webUrl: string | null;
  /** The port the configuration asked for. */
  readonly askedPort: number | null;
  readonly clock: Pick<AdjustableClock, 'now' | 'offsetMs'>;
  readonly timeZone: string;
}

export function localBannerLines({ webUrl, askedPort, clock, timeZone }: LocalBanner): string[] {
  const lines: string[] = [];
  if (webUrl) {
    const port = Number(new URL(webUrl).port);
    const busy = askedPort !== null && askedPort !== 0 && port !== askedPort ? `; port ${askedPort} is in use, so a free one was taken` : '';
    lines.push(`Status page: ${webUrl} (calendar: ${webUrl}calendar.ics)${busy}`);
  }
  if (clock.offsetMs > 0) {
    lines.push(
      `The simulated clock continues from an earlier run on this data directory: it is ${formatDateTime(clock.now(), timeZone)} ${timeZone}, ` +
        `${formatDuration(clock.offsetMs)} ahead of the real time. npm start -- --reset starts over.`,
    );
  }
  return lines;
}

/** Whether STAGEHAND_WEB_PORT names the port: then it is meant, and a busy one is an error, not a fallback. */
export const portOverridden = (env: NodeJS.ProcessEnv): boolean => (env['STAGEHAND_WEB_PORT'] ?? '') !== '';
