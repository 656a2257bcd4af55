import { resolveRedcapHooks } from '@mwl/api';
import { queueEncryptionKeyOf, readSecretFile, type MwlBridgeConfig } from '@mwl/config';
import { createMppsRepository, createPrismaClient, createWorklistFindRepository } from '@mwl/db';
import { describeError } from '@mwl/domain';
import { createFetcherMetrics, createFetcherService, createSourceProgressReader } from '@mwl/fetcher';
import {
  createGatewayMetrics,
  createGatewayService,
  gatewayCloseDeadlineMs,
  type GatewayOptions,
} from '@mwl/gateway';
import type { Logger, Metrics } from '@mwl/observability';
import { createQueueRuntime, startProcess, type ProcessIo, type RunningProcess } from '@mwl/runtime';
import { createBuiltInSourceRegistry, createUndiciHttpClient } from '@mwl/sources';
import { createWriterMetrics, createWriterService } from '@mwl/writer';
import type { SourceStatus } from '@mwl/fetcher';
import type { BridgeEnv } from '../config/bridge-env.ts';
import { createBridgeApi } from './bridge-api.ts';
import { openStorage } from './storage.ts';

export interface BridgeOptions {
  config: MwlBridgeConfig;
  env: BridgeEnv;
  /** The config's `gateway` section with the command line's and the environment's overrides. */
  gateway: GatewayOptions;
  /** The embedded database's folder, when there is no DATABASE_URL. */
  dataDir: string;
  health: { host: string; port: number };
  /** `--api-port`: wins over `api.port` (the api runs unless `api.enabled` is false). */
  apiPort?: number;
  /** Signals stop the bridge; plugins read credentials from `env`. */
  io: Pick<ProcessIo, 'onSignal' | 'env'>;
  logger: Logger;
  metrics: Metrics;
}

export interface RunningBridge extends RunningProcess {
  gateway: { host: string; port: number };
  /** Absent when `api.enabled` is false. */
  api?: { host: string; port: number };
  storage: 'postgres' | 'embedded';
  queue: 'redis' | 'in-process';
  sources: SourceStatus[];
}

/**
 * All of mwl-bridge in one process: the writer, the DICOM gateway, the fetchers of the configured
 * sources and (unless `api.enabled` is false) the api, on PostgreSQL or the embedded database, over Redis or the in-process queue.
 * The same service factories and environment as the services' own containers.
 */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const { logger, config, env, metrics } = options;
  // Before anything opens: a missing trigger secret is a config problem, reported at once.
  const redcapHooks = config.api.enabled ? resolveRedcapHooks(config, options.io.env, readSecretFile) : {};
  const writerMetrics = createWriterMetrics(metrics);

  const storage = await openStorage({
    ...(env.DATABASE_URL !== undefined && { databaseUrl: env.DATABASE_URL }),
    dataDir: options.dataDir,
    migrate: true,
    poolSize: env.WRITER_CONCURRENCY + 4,
    applicationName: 'mwl-bridge',
    onPoolError: (error) => logger.warn({ err: describeError(error) }, 'idle database connection failed'),
  });
  if (storage.appliedMigrations.length > 0) {
    logger.info({ migrations: storage.appliedMigrations }, 'database migrated');
  }
  const { prisma } = storage;
  // On a server the gateway has its own pool, as in its container: a scanner's queries cannot take
  // the writer's connections, and every statement has a server-side timeout. PGlite is one session.
  const gatewayPrisma =
    env.DATABASE_URL === undefined
      ? prisma
      : createPrismaClient({
          databaseUrl: env.DATABASE_URL,
          poolSize: env.DB_POOL_SIZE,
          applicationName: 'mwl-bridge-gateway',
          connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
          statementTimeoutMillis: env.CFIND_QUERY_TIMEOUT_MS,
          onPoolError: (error) =>
            logger.warn({ err: describeError(error) }, 'idle database connection failed'),
        });
  const queue = await createQueueRuntime({
    ...(env.REDIS_URL !== undefined && { redisUrl: env.REDIS_URL }),
    prefix: env.QUEUE_PREFIX,
    encryptionKey: queueEncryptionKeyOf(env),
    writerConcurrency: env.WRITER_CONCURRENCY,
    writerLockDurationMs: env.WRITER_LOCK_DURATION_MS,
    writerStalledIntervalMs: env.WRITER_STALLED_INTERVAL_MS,
    schedulerLockDurationMs: env.FETCHER_LOCK_DURATION_MS,
    logger: logger.child({ component: 'queue' }),
    onJobFinished: (event) => writerMetrics.jobFinished(event),
  });
  writerMetrics.observeQueues(() => queue.transport.stats());
  const http = createUndiciHttpClient();

  const writer = createWriterService({
    prisma,
    transport: queue.transport,
    config: config.writer,
    metrics: writerMetrics,
    logger,
  });
  const gateway = createGatewayService({
    logger,
    // Without a pool timeout (PGlite), each C-FIND page sets its own statement timeout.
    repository: createWorklistFindRepository(
      gatewayPrisma,
      gatewayPrisma === prisma ? {} : { poolStatementTimeoutMs: env.CFIND_QUERY_TIMEOUT_MS },
    ),
    options: options.gateway,
    mpps: { repository: createMppsRepository(gatewayPrisma), timezone: config.timezone },
    metrics: createGatewayMetrics(metrics),
    closeDeadlineMs: gatewayCloseDeadlineMs(env.SHUTDOWN_DEADLINE_MS),
  });
  const fetcher = createFetcherService({
    config,
    registry: createBuiltInSourceRegistry(),
    http,
    env: options.io.env,
    readFile: readSecretFile,
    transport: queue.transport,
    readProgress: createSourceProgressReader(prisma),
    createScheduler: (scheduler) => queue.createScheduler(scheduler),
    logger: logger.child({ component: 'fetcher' }),
    metrics: createFetcherMetrics(metrics),
    startupCheckTimeoutMs: env.STARTUP_CHECK_TIMEOUT_MS,
    tolerateNoSources: true,
    // A stale source shows in its metrics and logs; it must not take the DICOM gateway of this
    // same process out of a load balancer.
    freshnessInReadiness: false,
  });

  const checks = {
    database: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    queue: () => queue.transport.ping(),
  };
  const api = config.api.enabled
    ? await createBridgeApi({
        config,
        redcapHooks,
        prisma,
        transport: queue.transport,
        fetcher: fetcher.fetcher,
        logger,
        metrics,
        checks,
        ...(options.apiPort !== undefined && { port: options.apiPort }),
      })
    : undefined;

  // Started writer, gateway, fetcher, api; stopped the other way round: no more requests, no more
  // fetching (fetches in
  // flight record their failure through the open queue), no more associations (queries in flight
  // finish), then the queue lets the writer finish the jobs in hand; then HTTP and the databases.
  const running = await startProcess({
    io: options.io,
    logger,
    registry: metrics.registry,
    health: options.health,
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
    units: [writer, gateway, fetcher, ...(api ? [api] : [])],
    resources: [
      { name: 'queue', run: () => queue.transport.close() },
      { name: 'http', run: () => http.close() },
      ...(gatewayPrisma === prisma
        ? []
        : [{ name: 'database (gateway)', run: () => gatewayPrisma.$disconnect() }]),
      // Final: even past the deadline, the embedded database is closed (flushed to its folder).
      { name: 'database', run: () => storage.close(), final: true },
    ],
    checks,
  });
  const dicom = gateway.address() ?? { host: options.gateway.host, port: options.gateway.port };
  const sources = fetcher.status();
  const apiAddress = api?.address();
  logger.info(
    {
      gateway: { ...dicom, aeTitles: options.gateway.aeTitles },
      ...(apiAddress && { api: apiAddress }),
      health: running.health,
      storage: storage.kind,
      location: storage.location,
      queue: queue.kind,
      sources,
    },
    'mwl-bridge started',
  );
  return {
    ...running,
    gateway: dicom,
    ...(apiAddress && { api: apiAddress }),
    storage: storage.kind,
    queue: queue.kind,
    sources,
  };
}
