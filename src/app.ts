/**
 * The one composition root: everything is built here from the configuration and handed what it needs.
 * No module keeps state of its own; a test builds as many apps as it likes.
 */
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { COMMANDS } from '../commands/index.js';
import { LogSink } from './chat/log-sink.js';
import type { ChatNetwork, ChatNetworkDeps } from './chat/network.js';
import type { ChatAdapter, InboundMessage } from './chat/port.js';
import { ShellAdapter } from './chat/shell/shell-adapter.js';
import type { ShellControls } from './chat/shell/shell-commands.js';
import type { CommandContext } from './commands-kit/declaration.js';
import { Dispatcher } from './commands-kit/dispatcher.js';
import { resolveFrom, type LoadedConfig } from './config/load.js';
import { policyOf } from './config/policy-of.js';
import { SimulatedCi } from './desk/ci-source.js';
import { voteSink } from './desk/poll-votes.js';
import { ReleaseDesk } from './desk/release-desk.js';
import { FileHistory } from './desk/file-history.js';
import type { Logger } from './log/logger.js';
import { redactingLogger } from './log/redacting-logger.js';
import { Redactor } from './log/redactor.js';
import { readConfiguredSecrets } from './config/configured-secrets.js';
import { redactingPublisher } from './publish/redacting-publisher.js';
import type { LiveParts } from './live-parts.js';
import { required, type NetworkModules } from './network-modules.js';
import type { OpsMetrics } from './ops/metrics.js';
import { opsRoutes } from './ops/ops-routes.js';
import { watchStorage } from './ops/storage-alerts.js';
import { Roster } from './people/roster.js';
import { BlogDraftPublisher } from './publish/blog-draft-publisher.js';
import { DelayNotices } from './publish/delay-notices.js';
import { DryRunPublisher } from './publish/dry-run-publisher.js';
import type { Destination } from './ground/effects.js';
import { OutboxWorker, type Backoff } from './publish/outbox-worker.js';
import type { PostSink, Publisher } from './publish/publisher.js';
import type { Cadence } from './release/cadence.js';
import { MINUTE, type AdjustableClock } from './ground/clock.js';
import { createSchedules } from './schedule/schedules.js';
import { Store } from './store/store.js';
import { probeRoom } from './store/write-health.js';
import { EffectComposer, projectInfoOf } from './text/effect-composer.js';
import { Templates } from './text/templates.js';
import { formatDateTime } from './ground/time-format.js';
import type { RouteHandler } from './web/http-server.js';
import { createWebServer } from './web/web-server.js';
import { webSettings } from './config/web-config.js';
import type { Webhooks } from '@octokit/webhooks';
import { UnfinishedDeliveries } from './web/unfinished-deliveries.js';
import { WebhookDeliveryRepo } from './store/webhook-delivery-repo.js';
import { GITHUB_WEBHOOK_PATH, githubWebhookRoute } from './web/github-webhook-route.js';
import { RateLimiter } from './web/rate-limit.js';
import { localBannerLines, LOCAL_CLOCK_OFFSET, portOverridden } from './local/local-banner.js';

export interface AppOptions {
  readonly loaded: LoadedConfig;
  /** Absolute data directory (the `--data` flag or the config's `dataDir`). */
  readonly dataDir: string;
  readonly log: Logger;
  readonly clock: AdjustableClock;
  readonly io: { readonly input: Readable; readonly output: Writable; readonly interactive: boolean; readonly echo?: boolean };
  readonly backoff?: Backoff;
  /** Wraps every publisher (metrics later; crash injection in the fault tests). */
  readonly decoratePublisher?: (publisher: Publisher) => Publisher;
  /** Where secrets named by `{ env: NAME }` are read (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** The network clients the config uses (`loadNetworkModules`); none in local mode. */
  readonly modules?: NetworkModules;
  /** More routes for the web server (health, metrics), beside the status page's. */
  readonly webRoutes?: Readonly<Record<string, RouteHandler>>;
  /**
   * Keeps the configured secrets' values out of logs, replies, the store and posts. main.ts builds it (its
   * own log lines need it too); without it the app reads the secrets and builds one.
   */
  readonly redactor?: Redactor;
}

export interface App {
  readonly store: Store;
  readonly desk: ReleaseDesk;
  readonly dispatcher: Dispatcher;
  readonly worker: OutboxWorker;
  /** The terminal chat, when `chat.shell` is configured (local mode). */
  readonly shell: ShellAdapter | null;
  readonly networks: readonly ChatNetwork[];
  /** The status page's URL once started (null: no `web:` section). */
  webUrl(): string | null;
  /** Prometheus metrics of this app (served with /healthz by src/ops/ops-routes.ts); null when not loaded (local mode). */
  readonly metrics: OpsMetrics | null;
  /** Where verified GitHub deliveries for project.repo go (`github.webhooks` configured), else null. */
  readonly webhooks: Webhooks | null;
  /** Connect the adapters and resume undelivered posts. */
  start(): Promise<void>;
  /** Resolves when the shell's input has ended and its work is done; without a shell, when stop() is called. */
  readonly finished: Promise<void>;
  stop(): Promise<void>;
}

export function createApp(options: AppOptions): App {
  const { loaded, clock } = options;
  const { config } = loaded;
  // Every secret is read (and a bad one refused) before anything opens; their values never leave.
  const redactor = options.redactor ?? new Redactor(readConfiguredSecrets(loaded, options.env));
  const log = redactingLogger(options.log, redactor);
  const redact = (text: string): string => redactor.text(text);
  const templates = Templates.load(resolveFrom(loaded, config.templates.dir), resolveFrom(loaded, config.templates.checklist));
  // GitHub and Twitter are live when their config section is present; the rest stays a dry run.
  const modules = options.modules ?? {};
  const store = Store.open(join(options.dataDir, 'stagehand.db'), redactor.empty ? undefined : redact);
  let live: LiveParts = NO_LIVE_PARTS;
  try {
    if (config.github || config.twitter) live = required(modules.live, 'github/twitter').liveParts(loaded, clock, log, options.env, redact, store.issueChecklists);
  } catch (error) {
    store.close();
    throw error;
  }
  const roster = new Roster(config);
  const policy = policyOf(config);
  const cadence: Cadence = { anchor: config.cadence.anchor, everyWeeks: config.cadence.everyWeeks, timeZone: config.timeZone };
  const ci = new SimulatedCi(store.settings);

  const shell = config.chat.shell
    ? new ShellAdapter({
        input: options.io.input,
        output: options.io.output,
        interactive: options.io.interactive,
        firstPerson: config.leads[0] ? (config.people[config.leads[0]]?.shell ?? 'lead') : 'lead',
        controls: shellControls(),
        bannerExtra: () => localBannerLines({ webUrl: web?.url ?? null, askedPort: webConfig?.port ?? null, clock, timeZone: config.timeZone }),
        ...(options.io.echo ? { echo: true } : {}),
      })
    : null;
  const sink: PostSink = shell ?? new LogSink(log.child({ part: 'dry-run' }));

  const networkDeps = (part: string): ChatNetworkDeps => ({
    loaded,
    dataDir: options.dataDir,
    log: log.child({ part }),
    clock,
    roster,
    store,
    ...(options.env ? { env: options.env } : {}),
  });
  const networks: ChatNetwork[] = [
    ...(config.chat.matrix ? [required(modules.matrix, 'chat.matrix').createMatrixNetwork(config.chat.matrix, networkDeps('matrix'))] : []),
    ...(config.chat.irc ? [required(modules.irc, 'chat.irc').createIrcNetwork(config.chat.irc, networkDeps('irc'))] : []),
  ];
  const metrics = modules.metrics?.createOpsMetrics({ outbox: store.outbox, networks }) ?? null;
  const adapters = new Map<string, ChatAdapter>([...(shell ? [shell] : []), ...networks.map((n) => n.adapter)].map((a) => [a.network, a]));
  // Local mode (no real network) shows what Matrix and IRC would get; a deployment posts only where it is.
  const dryRun: Destination[] = networks.length === 0 ? ['matrix', 'irc', 'twitter', 'github'] : ['twitter', 'github'];

  const decorate = options.decoratePublisher ?? ((p: Publisher) => p);
  const publishers = new Map<Destination, Publisher>(
    [
      ...networks.map((n) => n.publisher),
      ...live.publishers,
      ...dryRun.filter((d) => !live.publishers.some((p) => p.destination === d)).map((d) => new DryRunPublisher(d, store.postLog, sink, clock, [''], store.issueChecklists)),
      new BlogDraftPublisher(join(options.dataDir, 'blog'), sink),
    ].map((p) => [p.destination, decorate(redactor.empty ? p : redactingPublisher(p, (v) => redactor.value(v), redact))]),
  );
  const worker = new OutboxWorker({
    outbox: store.outbox,
    publishers,
    clock,
    log: log.child({ part: 'outbox' }),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(metrics ? { observe: metrics.observeDelivery } : {}),
    writes: store.writes,
    onRetry: (entry, reason, at) => delays.retrying(entry, reason, at),
    onDelivered: (entry) => delays.delivered(entry),
    onFailed: (entry, reason) => {
      const what = `${entry.destination} ${entry.payload.action} for ${entry.release ?? 'no release'}`;
      // A failed notice about a failed notice would loop: chat failures are only logged (and listed in status).
      if (entry.destination === 'matrix' || entry.destination === 'irc') return;
      desk.notify({ key: `failed:${entry.id}`, text: `Could not deliver ${what}: ${reason}. ${config.commandPrefix}release status lists it until it is dealt with.` });
    },
  });

  const desk = new ReleaseDesk({
    store,
    clock,
    policy,
    composer: new EffectComposer(templates, projectInfoOf(config)),
    roster,
    ci: live.ci ?? ci,
    defaultBranch: config.project.defaultBranch,
    prefix: config.commandPrefix,
    targetsOf: (destination, audience) => publishers.get(destination)?.targets(audience) ?? [],
    onCommitted: () => worker.kick(),
    history: live.history ?? (config.history ? new FileHistory(resolveFrom(loaded, config.history.file)) : null),
  });

  const delays = new DelayNotices({
    pendingOf: (destination) => store.outbox.pendingOf(destination),
    clock,
    afterMs: config.delivery.delayNoticeMinutes * MINUTE,
    notify: (key, text) => desk.notify({ key, text }),
    noticed: (key) => desk.noticeQueued(key),
    formatTime: (at) => formatDateTime(at, config.timeZone),
  });

  const schedules = createSchedules({ config, store, desk, roster, cadence, clock, log: log.child({ part: 'schedule' }) });

  // Webhook deliveries being handled when the app stops are let go of, so their redelivery is handled.
  let unfinishedDeliveries: UnfinishedDeliveries | null = null;
  const webConfig = webSettings(config.web, options.env ?? process.env);
  const web = webConfig
    ? createWebServer({
        config: webConfig,
        log: log.child({ part: 'web' }),
        desk,
        now: () => clock.now(),
        policy,
        cadence,
        project: { name: config.project.name, repo: config.project.repo },
        extraRoutes: { ...opsRoutes({ store, networks, registry: metrics?.registry ?? null }), ...webhookRoute(), ...options.webRoutes },
        // Local mode: a busy port (another local shell) is no reason to refuse; the banner shows the URL.
        anyFreePortIfBusy: Boolean(config.chat.shell) && networks.length === 0 && !portOverridden(options.env ?? process.env),
      })
    : null;

  const storageAlerts = watchStorage({
    writes: store.writes,
    log: log.child({ part: 'store' }),
    clock,
    probe: () => probeRoom(store.db),
    routes: () => [
      ...(shell ? [{ adapter: shell, rooms: () => [''], up: () => true }] : []),
      ...networks.map((n) => ({ adapter: n.adapter, rooms: () => n.publisher.targets('release'), up: () => n.connected() })),
    ],
    formatTime: (at) => formatDateTime(at, config.timeZone),
    prefix: config.commandPrefix,
  });

  const dispatcher = new Dispatcher({
    commands: COMMANDS,
    prefix: config.commandPrefix,
    log: log.child({ part: 'commands' }),
    now: () => clock.now(),
    staleAfterMs: config.chat.staleCommandMinutes * MINUTE,
    formatTime: (at) => formatDateTime(at, config.timeZone),
    ...(metrics ? { observe: metrics.observeCommand } : {}),
    ...(redactor.empty ? {} : { redact }),
    writes: store.writes,
    contextFor: (person, allowed, isCommand, sentAt): CommandContext => ({
      person,
      desk,
      clock,
      prefix: config.commandPrefix,
      timeZone: config.timeZone,
      cadence,
      policy,
      schedule: schedules,
      nameOf: (id) => roster.nameOf(id),
      allowed,
      isCommand,
      everyCommand: () => COMMANDS,
      sentAt,
    }),
  });

  async function onMessage(message: InboundMessage): Promise<void> {
    const person = roster.identify(message.network, message.handle, message.displayName);
    const reply = await dispatcher.handle(message.text, person, message.sentAt);
    if (reply) await adapters.get(message.network)?.reply(message, reply);
  }

  /** `POST /api/github/webhooks` when `github.webhooks` is configured (docs/github-webhooks.md). */
  function webhookRoute(): Record<string, RouteHandler> {
    const webhooks = live.webhooks;
    const webhooksConfig = config.github?.webhooks;
    if (!webhooks || !webhooksConfig) return {};
    const now = () => clock.now();
    // A burst of check runs from a large CI matrix passes; a flood from one address does not.
    const limiter = new RateLimiter({ burst: 60, perMinute: 60, maxClients: 10_000, now });
    const deliveries = (unfinishedDeliveries = new UnfinishedDeliveries(new WebhookDeliveryRepo(store.db)));
    return { [GITHUB_WEBHOOK_PATH]: githubWebhookRoute({ webhooks, deliveries, repo: config.project.repo, limiter, now, trustedProxies: webhooksConfig.trustedProxies, log: log.child({ part: 'webhooks' }) }) };
  }

  function shellControls(): ShellControls {
    return {
      now: () => clock.now(),
      advanceTo: async (at) => {
        await schedules.moveClock(at, () => clock.advanceTo(at));
        // Local time only moves forward, across restarts too: the next run starts where this one left off.
        // On a full disk the move still happens; only a restart would forget it.
        store.writes.tolerate(() => store.settings.set(LOCAL_CLOCK_OFFSET, String(clock.offsetMs)), () => clock.now());
      },
      setCi: (state) => ci.set(state),
      ciState: () => ci.state,
      settle: () => worker.idle(),
      holdDelivery: () => worker.hold(),
      describePerson: (name) => {
        const p = roster.identify('shell', name, name);
        const roles = [p.isLead ? 'release lead' : null, p.org ? `tester for ${p.org}` : null].filter(Boolean);
        return `${name}${roles.length ? ` — ${roles.join(', ')}` : ' — no role (anyone)'}`;
      },
      timeZone: config.timeZone,
    };
  }

  /** The project's past releases, read once at start in the background. */
  async function syncHistoryAtStart(): Promise<void> {
    if (!config.github && !config.history) return;
    const synced = await desk.syncHistory(null);
    if (synced.ok) log.info({ source: synced.value.source, imported: synced.value.imported.length, inFlight: synced.value.inFlight.map((f) => f.version) }, 'history synced');
    else log.warn({ problem: synced.error.message }, 'history not synced');
  }

  let stopping: Promise<void> | undefined;
  let stopped!: () => void;
  const whenStopped = new Promise<void>((resolve) => (stopped = resolve));
  return {
    store,
    desk,
    dispatcher,
    worker,
    shell,
    networks,
    webUrl: () => web?.url ?? null,
    metrics,
    webhooks: live.webhooks,
    finished: shell ? shell.finished : whenStopped,
    async start() {
      if (shell) {
        // Local time only moves forward, across restarts too: the shell's /time offset is restored first.
        const offset = Number(store.settings.get(LOCAL_CLOCK_OFFSET) ?? 0);
        if (offset > clock.offsetMs) await clock.advanceBy(offset - clock.offsetMs);
      }
      await schedules.start();
      worker.kick();
      live.start(desk);
      // Not awaited from GitHub, here or at stop: a hanging GitHub must hold up neither the chat nor SIGTERM
      // (a sync cut short by stop() finds the store closed, and changes nothing).
      const historySynced = syncHistoryAtStart().catch((error: unknown) => {
        if (!stopping) log.error({ err: error }, 'history not synced');
      });
      // Local mode's history file (no network) is read before the first command: a rehearsal script's first
      // line must not start a version the history says was released, or branch a patch from the default branch.
      if (!config.github) await historySynced;
      if (web) log.info({ url: await web.start() }, 'status page');
      const counted = voteSink({ polls: store.polls, desk, roster }, log.child({ part: 'polls' }));
      const onVote: typeof counted = async (vote) => {
        const explanation = await counted(vote);
        return explanation === null ? null : redact(explanation);
      };
      for (const adapter of adapters.values()) await adapter.start(onMessage, onVote);
      log.info({ dataDir: options.dataDir, config: loaded.file, networks: [...adapters.keys()], pending: store.outbox.pendingCount() }, 'ready');
    },
    stop() {
      stopping ??= (async () => {
        // No new commands or reminders, then let in-flight posts finish, then close the connections they use.
        await shell?.stop();
        await web?.stop();
        unfinishedDeliveries?.releaseAll();
        schedules.stop();
        live.stop();
        storageAlerts.stop();
        try {
          await worker.stop();
          for (const network of networks) await network.adapter.stop();
        } finally {
          // Whatever failed on the way (a full disk), the store is closed and the app counts as stopped.
          stopped();
          clock.clear();
          store.close();
          log.info('stopped; store closed');
        }
      })();
      return stopping;
    },
  };
}

const NO_LIVE_PARTS: LiveParts = { publishers: [], ci: null, history: null, webhooks: null, start: () => undefined, stop: () => undefined };
