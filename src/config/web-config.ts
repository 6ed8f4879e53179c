/**
 * The `web:` section: the status page, calendar feed and JSON API. Absent: no HTTP server at all.
 * Loopback by default, because the page shows who tested what; expose it through a reverse proxy.
 */
import { StartupError } from '../ground/startup-error.js';
import { z } from 'zod';

export const webSection = z.strictObject({
  host: z.string().min(1).default('127.0.0.1').describe('The address to listen on; `0.0.0.0` exposes it to the network (the page shows who tested what: put a proxy with authentication in front).'),
  port: z.number().int().min(0).max(65535).default(8377).describe('The port; 0 picks a free one. `STAGEHAND_WEB_PORT` overrides it. The URL is logged either way.'),
});

export type WebConfig = z.infer<typeof webSection>;

/**
 * `STAGEHAND_WEB_PORT` overrides `web.port` (a container mapping its own port; the test suite's `0`, so
 * parallel runs of the local config never fight over one port). Ignored when there is no `web:` section.
 */
export function webSettings(web: WebConfig | undefined, env: NodeJS.ProcessEnv): WebConfig | undefined {
  const override = env['STAGEHAND_WEB_PORT'];
  if (web === undefined || override === undefined || override === '') return web;
  const port = Number(override);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`STAGEHAND_WEB_PORT must be a port number (0-65535), not ${JSON.stringify(override)}`);
  return { ...web, port };
}
