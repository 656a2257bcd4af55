import { queueEncryptionKeyOf, readSecretFile } from '@mwl/config';
import { createQueueRuntime, databaseResource, prepareRole, runProcess, type ProcessIo } from '@mwl/runtime';
import { createBuiltInSourceRegistry, createUndiciHttpClient } from '@mwl/sources';
import { fetcherEnvSchema } from './env.ts';
import { createFetcherMetrics } from './fetcher-metrics.ts';
import { createFetcherService } from './fetcher-service.ts';
import { createSourceProgressReader } from './source-progress.ts';
import { createTargetedFetchUnit } from './targeted-fetch-unit.ts';

export interface RunFetcherOptions {
  configPath?: string;
  /** `--source`: wins over FETCHER_SOURCES; absent: every enabled source. */
  sources?: readonly string[];
}

/** The fetcher as its own process (PostgreSQL + Redis): resolves with the exit code. */
export async function runFetcher(io: ProcessIo, options: RunFetcherOptions = {}): Promise<number> {
  const role = await prepareRole(io, {
    service: 'fetcher',
    envSchema: fetcherEnvSchema,
    ...(options.configPath !== undefined && { configPath: options.configPath }),
  });
  if (!role.ok) return role.exitCode;
  const { env, config, logger, metrics } = role;
  const database = databaseResource({
    databaseUrl: env.DATABASE_URL,
    applicationName: 'mwl-fetcher',
    poolSize: 2,
    logger,
  });
  const queue = await createQueueRuntime({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    encryptionKey: queueEncryptionKeyOf(env),
    writerConcurrency: 1,
    schedulerLockDurationMs: env.FETCHER_LOCK_DURATION_MS,
    logger,
  });
  const http = createUndiciHttpClient();
  const sourceNames = options.sources ?? env.FETCHER_SOURCES;
  const fetcher = createFetcherService({
    config,
    ...(sourceNames !== undefined && { sourceNames }),
    registry: createBuiltInSourceRegistry(),
    http,
    // Plugins read credentials from the variables their config names (e.g. REDCAP_API_TOKEN[_FILE]).
    env: io.env,
    readFile: readSecretFile,
    transport: queue.transport,
    readProgress: createSourceProgressReader(database.prisma),
    createScheduler: (scheduler) => queue.createScheduler(scheduler),
    logger,
    metrics: createFetcherMetrics(metrics),
    startupCheckTimeoutMs: env.STARTUP_CHECK_TIMEOUT_MS,
    tolerateNoSources: false,
    freshnessInReadiness: true,
  });
  // Data Entry Triggers the api received: a targeted fetch of those records by whichever replica
  // runs the source (the periodic sync still catches what a trigger misses).
  // Loaded here, not imported at the top: the bundle would otherwise load bullmq in every command
  // that shares this module's chunk, `start` without Redis included.
  const { createBullmqTargetedFetchQueue } = await import('@mwl/queue/bullmq');
  const targeted = createBullmqTargetedFetchQueue({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    encryptionKey: queueEncryptionKeyOf(env),
    logger,
  });
  const targetedFetches = createTargetedFetchUnit({
    queue: targeted,
    fetcher: fetcher.fetcher,
    transport: queue.transport,
    logger,
  });
  return runProcess({
    io,
    logger,
    registry: metrics.registry,
    health: { host: env.HEALTH_HOST, port: env.HEALTH_PORT },
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
    units: [fetcher, targetedFetches],
    resources: [
      { name: 'queue', run: () => queue.transport.close() },
      { name: 'http', run: () => http.close() },
      database.close,
    ],
    checks: { database: database.check, queue: () => queue.transport.ping() },
  });
}
