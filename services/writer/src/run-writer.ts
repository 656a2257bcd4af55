import { queueEncryptionKeyOf } from '@mwl/config';
import {
  createQueueRuntime,
  databaseResource,
  prepareRole,
  startProcess,
  type ProcessIo,
} from '@mwl/runtime';
import { writerEnvSchema } from './env.ts';
import { createWriterMetrics } from './writer-metrics.ts';
import { createWriterService } from './writer-service.ts';

/** The writer as its own process (PostgreSQL + Redis): resolves with the exit code. */
export async function runWriter(io: ProcessIo, options: { configPath?: string } = {}): Promise<number> {
  const role = await prepareRole(io, { service: 'writer', envSchema: writerEnvSchema, ...options });
  if (!role.ok) return role.exitCode;
  const { env, config, logger, metrics } = role;
  const writerMetrics = createWriterMetrics(metrics);
  const database = databaseResource({
    databaseUrl: env.DATABASE_URL,
    applicationName: 'mwl-writer',
    poolSize: env.WRITER_CONCURRENCY + 3,
    logger,
  });
  const queue = await createQueueRuntime({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    encryptionKey: queueEncryptionKeyOf(env),
    writerConcurrency: env.WRITER_CONCURRENCY,
    writerLockDurationMs: env.WRITER_LOCK_DURATION_MS,
    writerStalledIntervalMs: env.WRITER_STALLED_INTERVAL_MS,
    logger,
    onJobFinished: (event) => writerMetrics.jobFinished(event),
  });
  writerMetrics.observeQueues(() => queue.transport.stats());
  const running = await startProcess({
    io,
    logger,
    registry: metrics.registry,
    health: { host: env.HEALTH_HOST, port: env.HEALTH_PORT },
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
    units: [
      createWriterService({
        prisma: database.prisma,
        transport: queue.transport,
        config: config.writer,
        metrics: writerMetrics,
        logger,
      }),
    ],
    resources: [{ name: 'queue', run: () => queue.transport.close() }, database.close],
    checks: { database: database.check, queue: () => queue.transport.ping() },
  });
  logger.info(
    { health: running.health, prefix: env.QUEUE_PREFIX, encrypted: queueEncryptionKeyOf(env) !== null },
    'writer started',
  );
  return running.exited;
}
