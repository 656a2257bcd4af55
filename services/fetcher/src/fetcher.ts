import type { MwlBridgeConfig } from '@mwl/config';
import type { Logger } from '@mwl/observability';
import type { QueueTransport, SourceScheduler, SourceSchedulerOptions } from '@mwl/queue';
import type { HttpClient, SourceRegistry } from '@mwl/sources';
import { buildSources, type SourceStatus } from './build-sources.ts';
import { FetcherConfigError } from './errors.ts';
import { describeFetchFailure } from './fetch-failure.ts';
import type { FetcherMetrics } from './fetcher-metrics.ts';
import { processSourceTick, type RuntimeSource, type TickOutcome } from './run-source-tick.ts';
import { createSourceFreshness, type SourceFreshness } from './source-freshness.ts';
import type { ReadSourceProgress } from './source-progress.ts';

export interface FetcherDeps {
  config: MwlBridgeConfig;
  /** Sources to run (command line / `FETCHER_SOURCES`); absent: every enabled source. */
  sourceNames?: readonly string[];
  registry: SourceRegistry;
  http: HttpClient;
  /** Variables plugins may read credentials from (by the names their config gives). */
  env: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => string;
  /** Publishes snapshots and failures; owned by the caller (closed after the fetcher). */
  transport: Pick<QueueTransport, 'openSnapshot' | 'publishSyncFailure'>;
  readProgress: ReadSourceProgress;
  /** BullMQ across replicas, or in-process when embedded. */
  createScheduler: (options: SourceSchedulerOptions) => SourceScheduler;
  logger: Logger;
  metrics?: FetcherMetrics;
  clock?: () => Date;
  /** Plugins' wait between retries; tests shorten it. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Each source's startup check is given up after this long (the source is still scheduled). */
  startupCheckTimeoutMs?: number;
  /**
   * How often source freshness is checked for the metrics and the log (readiness checks it on
   * every probe). Default the shortest sync interval, within 1 s to 60 s.
   */
  freshnessCheckMs?: number;
}

export interface Fetcher {
  /**
   * Builds the sources, runs their startup checks (a failing one marks its source unhealthy; the
   * source is still scheduled, its ticks record what fails), then starts the scheduler. Throws
   * `FetcherConfigError` when no source can run.
   */
  start(): Promise<SourceStatus[]>;
  status(): SourceStatus[];
  /** A tick as soon as none of the source runs (a Data Entry Trigger, an operator). */
  triggerNow(source: string): Promise<void>;
  /** One tick now, outside the scheduler (no cross-replica lock): for `sync --once` and tests. */
  runTick(source: string, signal?: AbortSignal): Promise<TickOutcome>;
  /**
   * The readiness check of the sources: rejects with `StaleSourcesError`
   * (`MWL_ERR_FETCHER_SOURCE_STALE`) while a source's last successful sync is older than its
   * `stale_after_intervals`, and before `start` finished.
   */
  checkFreshness(): Promise<void>;
  /** A started source by name (for targeted fetches), or undefined when this fetcher does not run it. */
  runtimeSource(source: string): RuntimeSource | undefined;
  /** Stops the scheduler (aborting fetches in flight, which record a failed run), closes the sources. */
  close(): Promise<void>;
}

export function createFetcher(deps: FetcherDeps): Fetcher {
  const clock = deps.clock ?? (() => new Date());
  const { logger, metrics } = deps;
  const sources = new Map<string, RuntimeSource>();
  let statuses: SourceStatus[] = [];
  let scheduler: SourceScheduler | undefined;
  let freshness: SourceFreshness | undefined;
  let freshnessTimer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;

  const tick = async (source: RuntimeSource, signal?: AbortSignal): Promise<TickOutcome> => {
    const outcome = await processSourceTick(source, {
      transport: deps.transport,
      readProgress: deps.readProgress,
      clock,
      logger: logger.child({ source: source.name }),
      ...(metrics ? { metrics } : {}),
      ...(signal ? { signal } : {}),
    });
    freshness?.noteTick(source.name, outcome.outcome, clock());
    return outcome;
  };

  function watchFreshness(): void {
    const intervals = [...sources.values()].map((s) => s.settings.everyMs);
    const everyMs = deps.freshnessCheckMs ?? Math.min(60_000, Math.max(1_000, Math.min(...intervals)));
    freshnessTimer = setInterval(() => {
      freshness?.check().catch(() => {}); // Logged and counted by the check itself.
    }, everyMs);
    freshnessTimer.unref();
  }

  async function checkStartup(source: RuntimeSource): Promise<SourceStatus> {
    if (!source.instance.checkStartup) return { name: source.name, state: 'ready' };
    const signal = AbortSignal.timeout(deps.startupCheckTimeoutMs ?? 30_000);
    try {
      await source.instance.checkStartup(signal);
      metrics?.sourceHealthy(source.name, true);
      logger.info({ source: source.name }, 'source startup check passed');
      return { name: source.name, state: 'ready' };
    } catch (error) {
      const { code, message } = describeFetchFailure(error, false);
      metrics?.sourceHealthy(source.name, false);
      logger.error({ source: source.name, code, reason: message }, 'source startup check failed');
      return { name: source.name, state: 'check-failed', code, message };
    }
  }

  const known = (name: string): RuntimeSource => {
    const source = sources.get(name);
    if (!source) throw new FetcherConfigError(`source "${name}" is not run by this fetcher`);
    return source;
  };

  return {
    async start() {
      const built = await buildSources({
        config: deps.config,
        ...(deps.sourceNames ? { names: deps.sourceNames } : {}),
        registry: deps.registry,
        http: deps.http,
        env: deps.env,
        ...(deps.readFile ? { readFile: deps.readFile } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        clock,
        logger,
      });
      for (const status of built.statuses)
        if (status.state === 'invalid') metrics?.sourceHealthy(status.name, false);
      if (built.sources.length === 0) {
        throw new FetcherConfigError(
          built.statuses.length === 0
            ? 'no data source to fetch: none is enabled, or none was named'
            : 'no data source can be fetched: every one is invalid (see the log)',
        );
      }
      for (const source of built.sources) sources.set(source.name, source);
      const checked = await Promise.all(built.sources.map(checkStartup));
      statuses = built.statuses.map((s) => checked.find((c) => c.name === s.name) ?? s);
      freshness = createSourceFreshness({
        sources: built.sources,
        readProgress: deps.readProgress,
        clock,
        logger,
        ...(metrics ? { metrics } : {}),
      });

      scheduler = deps.createScheduler({
        sources: built.sources.map((s) => ({ name: s.name, everyMs: s.settings.everyMs })),
        logger,
        onSkip: (name, reason) => metrics?.fetch(name, 'none', reason),
        onTick: async (name, signal) => {
          await tick(known(name), signal);
        },
      });
      await scheduler.start();
      if (!closing) watchFreshness();
      logger.info({ sources: statuses }, 'fetcher started');
      return statuses;
    },

    status: () => statuses.map((s) => ({ ...s })),

    async triggerNow(name) {
      known(name);
      if (!scheduler) throw new FetcherConfigError('the fetcher is not started');
      await scheduler.triggerNow(name);
    },

    runTick: (name, signal) => tick(known(name), signal),

    async checkFreshness() {
      if (!freshness || !scheduler) throw new FetcherConfigError('the fetcher is not started');
      await freshness.check();
    },
    runtimeSource: (name) => sources.get(name),

    close() {
      closing ??= (async () => {
        clearInterval(freshnessTimer);
        await scheduler?.close();
        await Promise.allSettled(
          [...sources.values()].map((s) => (s.instance.close ? s.instance.close() : Promise.resolve())),
        );
      })();
      return closing;
    },
  };
}
