import { readSecretFile, type MwlBridgeConfig } from '@mwl/config';
import { createWorklistFindRepository } from '@mwl/db';
import {
  createFetcher,
  createFetcherMetrics,
  createSourceProgressReader,
  FetcherConfigError,
  type SourceStatus,
} from '@mwl/fetcher';
import { createGateway, createGatewayMetrics, type GatewayOptions } from '@mwl/gateway';
import {
  createHealthServer,
  createMetrics,
  createShutdown,
  type Logger,
  type ShutdownReport,
} from '@mwl/observability';
import { createUndiciHttpClient } from '@mwl/sources';
import { createWriterHandlers, createWriterMetrics } from '@mwl/writer';
import { describeError } from '../errors.ts';
import { createQueueRuntime } from './queue.ts';
import { createBridgeSourceRegistry } from './source-registry.ts';
import { openStorage } from './storage.ts';

export interface BridgeOptions {
  config: MwlBridgeConfig;
  gateway: GatewayOptions;
  /** Absent: the embedded database in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Absent: the in-process queue and scheduler. */
  redisUrl?: string;
  queuePrefix: string;
  encryptionKey: Buffer | null;
  health: { host: string; port: number };
  writerConcurrency: number;
  cancelHoldMinimum: number;
  startupCheckTimeoutMs: number;
  shutdownDeadlineMs: number;
  /** Variables the source plugins read credentials from. */
  sourceEnv: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}

export interface RunningBridge {
  gateway: { host: string; port: number };
  health: { host: string; port: number };
  storage: 'postgres' | 'embedded';
  queue: 'redis' | 'in-process';
  sources: SourceStatus[];
  /** Ordered and bounded; a second call returns the first one's report. */
  stop(reason: string): Promise<ShutdownReport>;
}

/**
 * All of mwl-bridge in one process: the fetchers of the configured sources, the writer, the DICOM
 * gateway and the health server, on PostgreSQL or the embedded database, over Redis or the
 * in-process queue. The same factories the services' own entry points use.
 */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const { logger, config } = options;
  const metrics = createMetrics({ defaultMetrics: true });
  const writerMetrics = createWriterMetrics(metrics);
  const gatewayMetrics = createGatewayMetrics(metrics);
  const fetcherMetrics = createFetcherMetrics(metrics);

  const storage = await openStorage({
    ...(options.databaseUrl !== undefined && { databaseUrl: options.databaseUrl }),
    dataDir: options.dataDir,
    migrate: true,
    poolSize: options.writerConcurrency + 8,
    applicationName: 'mwl-bridge',
    onPoolError: (error) => logger.warn({ ...describeError(error) }, 'idle database connection failed'),
  });
  if (storage.appliedMigrations.length > 0) {
    logger.info({ migrations: storage.appliedMigrations }, 'database migrated');
  }
  const { prisma } = storage;
  const queue = createQueueRuntime({
    ...(options.redisUrl !== undefined && { redisUrl: options.redisUrl }),
    prefix: options.queuePrefix,
    encryptionKey: options.encryptionKey,
    writerConcurrency: options.writerConcurrency,
    logger: logger.child({ component: 'queue' }),
    onJobFinished: (event) => writerMetrics.jobFinished(event),
  });
  writerMetrics.observeQueues(() => queue.transport.stats());
  const gateway = createGateway({
    // The gateway binds its own components (dimse, mwl-find).
    logger,
    repository: createWorklistFindRepository(prisma),
    options: options.gateway,
    metrics: gatewayMetrics,
  });
  const http = createUndiciHttpClient();
  const fetcher = createFetcher({
    config,
    registry: createBridgeSourceRegistry(),
    http,
    env: options.sourceEnv,
    readFile: readSecretFile,
    transport: queue.transport,
    readProgress: createSourceProgressReader(prisma),
    createScheduler: (scheduler) => queue.createScheduler(scheduler),
    logger: logger.child({ component: 'fetcher' }),
    metrics: fetcherMetrics,
    startupCheckTimeoutMs: options.startupCheckTimeoutMs,
  });
  const health = createHealthServer({
    logger,
    registry: metrics.registry,
    host: options.health.host,
    port: options.health.port,
    checks: {
      dicom: () =>
        gateway.isListening() ? Promise.resolve() : Promise.reject(new Error('DICOM port not listening')),
      database: async () => {
        await prisma.$queryRaw`SELECT 1`;
      },
      queue: () => queue.transport.ping(),
    },
  });

  // Ordered: stop fetching (fetches in flight record their failure through the open queue), stop
  // accepting associations and let queries finish, let the writer finish the jobs in hand, then
  // HTTP, the database, and the health server last so probes answer until the end.
  const gatewayDeadlineMs = Math.max(1_000, Math.floor(options.shutdownDeadlineMs / 3));
  const shutdown = createShutdown({
    logger,
    deadlineMs: options.shutdownDeadlineMs,
    steps: [
      { name: 'fetcher', run: () => fetcher.close() },
      { name: 'gateway', run: () => gateway.close({ deadlineMs: gatewayDeadlineMs }) },
      { name: 'queue', run: () => queue.transport.close() },
      { name: 'http', run: () => http.close() },
      { name: 'database', run: () => storage.close() },
      { name: 'health', run: () => health.close() },
    ],
  });

  try {
    await queue.transport.consume(
      createWriterHandlers({
        prisma,
        metrics: writerMetrics,
        cancelPolicy: { threshold: config.writer.cancel_threshold, minimum: options.cancelHoldMinimum },
      }),
    );
    const dicom = await gateway.listen();
    const probes = await health.listen();
    const sources = await startFetcher(fetcher, logger);
    logger.info(
      {
        gateway: { ...dicom, aeTitles: options.gateway.aeTitles },
        health: probes,
        storage: storage.kind,
        location: storage.location,
        queue: queue.kind,
        sources,
      },
      'mwl-bridge started',
    );
    return {
      gateway: dicom,
      health: probes,
      storage: storage.kind,
      queue: queue.kind,
      sources,
      stop: (reason) => shutdown(reason),
    };
  } catch (error) {
    await shutdown('start failed');
    throw error;
  }
}

/** A source that cannot run never stops the rest: the gateway keeps serving what is stored. */
async function startFetcher(
  fetcher: ReturnType<typeof createFetcher>,
  logger: Logger,
): Promise<SourceStatus[]> {
  try {
    return await fetcher.start();
  } catch (error) {
    if (!(error instanceof FetcherConfigError)) throw error;
    logger.warn(
      { code: error.code, reason: error.message },
      'no source is fetched; serving the stored worklist',
    );
    return fetcher.status();
  }
}
