// The fetcher's composition root: the only file that reads the environment and starts things.
import {
  ConfigError,
  loadConfigFile,
  parseConfig,
  parseEnvOrThrow,
  readSecretFile,
  type MwlBridgeConfig,
} from '@mwl/config';
import { createPrismaClient } from '@mwl/db';
import {
  createHealthServer,
  createLogger,
  createMetrics,
  createShutdown,
  type Logger,
} from '@mwl/observability';
import { createBullmqSourceScheduler, createBullmqTransport, describeError } from '@mwl/queue';
import {
  calpendoPlugin,
  createFilePlugin,
  createSourceRegistry,
  createUndiciHttpClient,
  redcapPlugin,
} from '@mwl/sources';
import { fetcherEnvSchema, parseFetcherArgs } from './env.ts';
import { createFetcher } from './fetcher.ts';
import { createFetcherMetrics } from './fetcher-metrics.ts';
import { createSourceProgressReader } from './source-progress.ts';

async function loadConfig(path: string, logger: Logger): Promise<MwlBridgeConfig> {
  const loaded = await loadConfigFile(path);
  if (!loaded.ok) throw new ConfigError(loaded.problems, { heading: `${path}:` });
  const hostZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const parsed = parseConfig(loaded.json, { defaults: { timezone: hostZone } });
  for (const warning of parsed.warnings)
    logger.warn({ path: warning.path, reason: warning.message }, 'config');
  if (!parsed.ok) throw new ConfigError(parsed.problems, { heading: `${path}:` });
  return parsed.config;
}

async function main(): Promise<void> {
  const env = parseEnvOrThrow(fetcherEnvSchema, process.env, { readFile: readSecretFile });
  const args = parseFetcherArgs(process.argv.slice(2));
  const logger = createLogger({ service: 'fetcher', level: env.LOG_LEVEL });
  const config = await loadConfig(env.MWL_CONFIG, logger);
  const metrics = createMetrics({ defaultMetrics: true });
  const fetcherMetrics = createFetcherMetrics(metrics);

  const prisma = createPrismaClient({
    databaseUrl: env.DATABASE_URL,
    poolSize: 2,
    applicationName: 'mwl-fetcher',
    onPoolError: (error) => logger.warn({ err: describeError(error) }, 'idle database connection failed'),
  });
  const transport = createBullmqTransport({
    redisUrl: env.REDIS_URL,
    prefix: env.QUEUE_PREFIX,
    encryptionKey: env.QUEUE_ENCRYPTION_KEY ?? null,
    logger,
  });
  const http = createUndiciHttpClient();
  const fetcher = createFetcher({
    config,
    ...((args.sources ?? env.FETCHER_SOURCES) ? { sourceNames: args.sources ?? env.FETCHER_SOURCES } : {}),
    registry: createSourceRegistry({ plugins: [redcapPlugin, calpendoPlugin, createFilePlugin()] }),
    http,
    // Plugins read credentials from the variables their config names (e.g. REDCAP_API_TOKEN[_FILE]).
    env: process.env,
    readFile: readSecretFile,
    transport,
    readProgress: createSourceProgressReader(prisma),
    createScheduler: (options) =>
      createBullmqSourceScheduler({
        ...options,
        redisUrl: env.REDIS_URL,
        prefix: env.QUEUE_PREFIX,
        lockDurationMs: env.FETCHER_LOCK_DURATION_MS,
      }),
    logger,
    metrics: fetcherMetrics,
    startupCheckTimeoutMs: env.STARTUP_CHECK_TIMEOUT_MS,
  });
  const health = createHealthServer({
    logger,
    registry: metrics.registry,
    host: env.HEALTH_HOST,
    port: env.HEALTH_PORT,
    checks: {
      postgres: async () => {
        await prisma.$queryRaw`SELECT 1`;
      },
      redis: () => transport.ping(),
    },
  });

  // Ordered: stop ticking and abort fetches in flight (each records a failed run through the
  // still-open transport), then the queues, HTTP, the database, and health last.
  const shutdown = createShutdown({
    logger,
    deadlineMs: env.SHUTDOWN_DEADLINE_MS,
    steps: [
      { name: 'scheduler', run: () => fetcher.close() },
      { name: 'queues', run: () => transport.close() },
      { name: 'http', run: () => http.close() },
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
  await fetcher.start();
  logger.info(
    { port: address.port, prefix: env.QUEUE_PREFIX, encrypted: env.QUEUE_ENCRYPTION_KEY !== undefined },
    'fetcher started',
  );
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad environment): one plain line on stderr, no values.
  const { code, message } = describeError(error);
  process.stderr.write(`fetcher failed to start: ${code}: ${message}\n`);
  process.exit(1);
});
