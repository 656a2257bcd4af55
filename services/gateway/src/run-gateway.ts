import { createMppsRepository, createWorklistFindRepository } from '@mwl/db';
import { databaseResource, prepareRole, runProcess, type ProcessIo } from '@mwl/runtime';
import { gatewayEnvSchema } from './env.ts';
import { createGatewayMetrics } from './gateway-metrics.ts';
import { createGatewayService } from './gateway-service.ts';
import { runGatewayCluster } from './run-gateway-cluster.ts';
import { gatewayOverridesOf, loadGatewayOptions } from './load-gateway-options.ts';

/** In-flight queries get most of the shutdown deadline; the rest closes the pool and probes. */
export function gatewayCloseDeadlineMs(shutdownDeadlineMs: number): number {
  return Math.max(1_000, shutdownDeadlineMs - 5_000);
}

/** The gateway as its own process (PostgreSQL only): resolves with the exit code. */
export async function runGateway(io: ProcessIo, options: { configPath?: string } = {}): Promise<number> {
  const role = await prepareRole(io, { service: 'gateway', envSchema: gatewayEnvSchema, ...options });
  if (!role.ok) return role.exitCode;
  const { env, config, logger, metrics } = role;
  const loaded = await loadGatewayOptions(config.gateway, gatewayOverridesOf(env), io.resolveHost);
  for (const warning of loaded.warnings) logger.warn({ path: warning.path }, warning.message);
  const databaseOptions = {
    databaseUrl: env.DATABASE_URL,
    applicationName: 'mwl-gateway',
    poolSize: env.DB_POOL_SIZE,
    logger,
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    // Server side, a statement is cancelled when the gateway gives up on it (0xC000): a locked
    // table cannot pile waiting queries up in the pool.
    statementTimeoutMillis: env.CFIND_QUERY_TIMEOUT_MS,
  };
  const closeDeadlineMs = gatewayCloseDeadlineMs(env.SHUTDOWN_DEADLINE_MS);
  /** One gateway with its own pool: the whole role, or one process of a cluster. */
  const gatewayWithDatabase = () => {
    const database = databaseResource(databaseOptions);
    const gateway = createGatewayService({
      logger,
      repository: createWorklistFindRepository(database.prisma, {
        poolStatementTimeoutMs: env.CFIND_QUERY_TIMEOUT_MS,
      }),
      options: loaded.options,
      mpps: { repository: createMppsRepository(database.prisma), timezone: config.timezone },
      metrics: createGatewayMetrics(metrics),
      closeDeadlineMs,
    });
    return { database, gateway };
  };

  const processes = config.gateway.processes ?? 1;
  if (processes > 1) {
    return runGatewayCluster({ io, logger, metrics, env, processes, closeDeadlineMs, gatewayWithDatabase });
  }
  const { database, gateway } = gatewayWithDatabase();
  return runProcess({
    io,
    logger,
    registry: metrics.registry,
    health: { host: env.HEALTH_HOST, port: env.HEALTH_PORT },
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
    units: [gateway],
    resources: [database.close],
    checks: { database: database.check },
  });
}
