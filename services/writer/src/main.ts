// The writer's composition root: the only file that reads the environment and starts things.
import { parseEnvOrThrow, readSecretFile } from '@mwl/config';
import { createPrismaClient } from '@mwl/db';
import { createHealthServer, createLogger, createMetrics, createShutdown } from '@mwl/observability';
import { createBullmqTransport, describeError } from '@mwl/queue';
import { writerEnvSchema } from './env.ts';
import { createWriterHandlers } from './writer-handlers.ts';
import { createWriterMetrics } from './writer-metrics.ts';

async function main(): Promise<void> {
  const env = parseEnvOrThrow(writerEnvSchema, process.env, { readFile: readSecretFile });
  const logger = createLogger({ service: 'writer', level: env.LOG_LEVEL });
  const metrics = createMetrics({ defaultMetrics: true });
  const writerMetrics = createWriterMetrics(metrics);

  const prisma = createPrismaClient({
    databaseUrl: env.DATABASE_URL,
    poolSize: env.WRITER_CONCURRENCY + 3,
    applicationName: 'mwl-writer',
    onPoolError: (error) => logger.warn({ err: describeError(error) }, 'idle database connection failed'),
  });
  const transport = createBullmqTransport({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    encryptionKey: env.QUEUE_ENCRYPTION_KEY ?? null,
    logger,
    onJobFinished: (event) => writerMetrics.jobFinished(event),
    worker: {
      concurrency: { entries: env.WRITER_CONCURRENCY },
      lockDurationMs: env.WRITER_LOCK_DURATION_MS,
      stalledIntervalMs: env.WRITER_STALLED_INTERVAL_MS,
    },
  });
  writerMetrics.observeQueues(() => transport.stats());
  const health = createHealthServer({
    logger,
    registry: metrics.registry,
    port: env.HEALTH_PORT,
    checks: {
      postgres: async () => {
        await prisma.$queryRaw`SELECT 1`;
      },
      redis: () => transport.ping(),
    },
  });

  // Ordered: workers finish the batch in hand and stop, then producers and Redis (inside
  // transport.close), then the database, and the health server last so probes answer until the end.
  const shutdown = createShutdown({
    logger,
    deadlineMs: env.SHUTDOWN_DEADLINE_MS,
    steps: [
      { name: 'queues', run: () => transport.close() },
      { name: 'database', run: () => prisma.$disconnect() },
      { name: 'health', run: () => health.close() },
    ],
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then((report) => process.exit(report.ok ? 0 : 1));
    });
  }

  const address = await health.listen();
  await transport.consume(
    createWriterHandlers({
      prisma,
      metrics: writerMetrics,
      cancelPolicy: { threshold: env.CANCEL_THRESHOLD, minimum: env.CANCEL_HOLD_MINIMUM },
    }),
  );
  logger.info(
    { port: address.port, prefix: env.QUEUE_PREFIX, encrypted: env.QUEUE_ENCRYPTION_KEY !== undefined },
    'writer started',
  );
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad environment): one plain line on stderr, no stack of values.
  const { code, message } = describeError(error);
  process.stderr.write(`writer failed to start: ${code}: ${message}\n`);
  process.exit(1);
});
