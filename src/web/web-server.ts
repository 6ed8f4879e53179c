/**
 * The web part of the app: the status page, the calendar feed and the JSON API on one small HTTP
 * server. Each request reads the desk afresh (one report per request) with the app's clock. Further
 * routes (health, metrics) join through `extraRoutes`.
 */
import { StartupError } from '../ground/startup-error.js';
import type { WebConfig } from '../config/web-config.js';
import type { Logger } from '../log/logger.js';
import { createHttpServer, send, type HttpServer, type RouteHandler } from './http-server.js';
import { renderCalendar } from './calendar.js';
import { buildStatusReport, reportJson, type ReportSources } from './release-report.js';
import { renderStatusPage } from './status-page.js';

export interface WebServerDeps extends ReportSources {
  readonly config: WebConfig;
  readonly log: Logger;
  readonly extraRoutes?: Readonly<Record<string, RouteHandler>>;
  /** When the configured port is taken, serve on any free one instead of refusing to start (local mode). */
  readonly anyFreePortIfBusy?: boolean;
}

export function statusRoutes(sources: ReportSources): Record<string, RouteHandler> {
  const report = () => buildStatusReport(sources);
  return {
    '/': (req, res) => send(req, res, 'text/html; charset=utf-8', renderStatusPage(report())),
    '/calendar.ics': (req, res) => send(req, res, 'text/calendar; charset=utf-8', renderCalendar(report())),
    '/api/releases': (req, res) => send(req, res, 'application/json; charset=utf-8', reportJson(report())),
  };
}

export function createWebServer(deps: WebServerDeps): HttpServer {
  const { host, port } = deps.config;
  const server = createHttpServer({ host, port, routes: { ...statusRoutes(deps), ...deps.extraRoutes }, log: deps.log, ...(deps.anyFreePortIfBusy ? { anyFreePortIfBusy: true } : {}) });
  return {
    get url() {
      return server.url;
    },
    // A busy port is a configuration problem: say which key fixes it.
    start: () =>
      server.start().catch((error: NodeJS.ErrnoException) => {
        throw new StartupError(`cannot serve the status page on ${host}:${port} (${error.code ?? error.message}); choose another web.port or set STAGEHAND_WEB_PORT`);
      }),
    stop: () => server.stop(),
  };
}
