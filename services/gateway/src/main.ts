// The gateway's composition root: the only file that reads the environment and starts things.
import { readFile } from 'node:fs/promises';
import { parseEnvOrThrow, readSecretFile, type TlsConfig } from '@mwl/config';
import { createPrismaClient, createWorklistFindRepository } from '@mwl/db';
import type { DimseTlsOptions } from '@mwl/dimse';
import { createHealthServer, createLogger, createMetrics, createShutdown } from '@mwl/observability';
import { gatewayEnvSchema } from './env.ts';
import { describeError, GatewayConfigError } from './errors.ts';
import { createGateway } from './gateway.ts';
import { createGatewayMetrics } from './gateway-metrics.ts';
import { resolveGatewayOptions } from './gateway-options.ts';
import { loadGatewayConfig } from './load-gateway-config.ts';

async function readTls(tls: TlsConfig | undefined): Promise<DimseTlsOptions | undefined> {
  if (!tls) return undefined;
  const read = async (what: string, path: string) => {
    try {
      return await readFile(path);
    } catch (error) {
      throw new GatewayConfigError(`cannot read gateway.tls.${what} (${path})`, { cause: error });
    }
  };
  return {
    cert: await read('cert_file', tls.cert_file),
    key: await read('key_file', tls.key_file),
    ...(tls.ca_file !== undefined && { ca: await read('ca_file', tls.ca_file) }),
  };
}

async function main(): Promise<void> {
  const env = parseEnvOrThrow(gatewayEnvSchema, process.env, { readFile: readSecretFile });
  const logger = createLogger({ service: 'gateway', level: env.LOG_LEVEL });
  const hostZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { gateway: config, warnings } = await loadGatewayConfig(env.MWL_CONFIG, hostZone);
  for (const warning of warnings) logger.warn({ path: warning.path }, warning.message);
  const tls = await readTls(config.tls);
  const options = resolveGatewayOptions(config, {
    ...(env.GATEWAY_HOST !== undefined && { host: env.GATEWAY_HOST }),
    ...(env.GATEWAY_PORT !== undefined && { port: env.GATEWAY_PORT }),
    ...(env.GATEWAY_AE_TITLE !== undefined && { aeTitle: env.GATEWAY_AE_TITLE }),
    pageSize: env.CFIND_PAGE_SIZE,
    queryTimeoutMs: env.CFIND_QUERY_TIMEOUT_MS,
    ...(tls && { tls }),
  });

  const metrics = createMetrics({ defaultMetrics: true });
  const gatewayMetrics = createGatewayMetrics(metrics);
  const prisma = createPrismaClient({
    databaseUrl: env.DATABASE_URL,
    poolSize: env.DB_POOL_SIZE,
    applicationName: 'mwl-gateway',
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    // Server side, a runaway statement is stopped a little after the gateway gave up on it.
    statementTimeoutMillis: env.CFIND_QUERY_TIMEOUT_MS + 1_000,
    onPoolError: (error) => logger.warn({ ...describeError(error) }, 'idle database connection failed'),
  });
  const gateway = createGateway({
    logger,
    repository: createWorklistFindRepository(prisma),
    options,
    metrics: gatewayMetrics,
  });
  const health = createHealthServer({
    logger,
    registry: metrics.registry,
    host: env.HEALTH_HOST,
    port: env.HEALTH_PORT,
    checks: {
      dicom: () =>
        gateway.isListening() ? Promise.resolve() : Promise.reject(new Error('DICOM port not listening')),
      postgres: async () => {
        await prisma.$queryRaw`SELECT 1`;
      },
    },
  });

  // Ordered: stop accepting associations and let queries in flight finish (most of the deadline),
  // then the database, and the health server last so probes answer until the end.
  const gatewayDeadlineMs = Math.max(1_000, env.SHUTDOWN_DEADLINE_MS - 5_000);
  const shutdown = createShutdown({
    logger,
    deadlineMs: env.SHUTDOWN_DEADLINE_MS,
    steps: [
      { name: 'gateway', run: () => gateway.close({ deadlineMs: gatewayDeadlineMs }) },
      { name: 'database', run: () => prisma.$disconnect() },
      { name: 'health', run: () => health.close() },
    ],
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then((report) => process.exit(report.ok ? 0 : 1));
    });
  }

  await health.listen();
  await gateway.listen();
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad environment or config): plain lines on stderr, no values.
  const { errName, errCode, errMessage } = describeError(error);
  process.stderr.write(`gateway failed to start: ${errCode ?? errName}: ${errMessage ?? ''}\n`);
  process.exit(1);
});
