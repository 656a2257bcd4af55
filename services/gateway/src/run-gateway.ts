import { createWorklistFindRepository } from '@mwl/db';
import { databaseResource, prepareRole, runProcess, type ProcessIo } from '@mwl/runtime';
import { gatewayEnvSchema } from './env.ts';
import { createGatewayMetrics } from './gateway-metrics.ts';
import { createGatewayService } from './gateway-service.ts';
import { gatewayOverridesOf, loadGatewayOptions } from './gateway-tls.ts';

/** In-flight queries get most of the shutdown deadline; the rest closes the pool and probes. */
export function gatewayCloseDeadlineMs(shutdownDeadlineMs: number): number {
  return Math.max(1_000, shutdownDeadlineMs - 5_000);
}

/** The gateway as its own process (PostgreSQL only): resolves with the exit code. */
export async function runGateway(io: ProcessIo, options: { configPath?: string } = {}): Promise<number> {
  const role = await prepareRole(io, { service: 'gateway', envSchema: gatewayEnvSchema, ...options });
  if (!role.ok) return role.exitCode;
  const { env, config, logger, metrics } = role;
  const gatewayOptions = await loadGatewayOptions(config.gateway, gatewayOverridesOf(env));
  const database = databaseResource({
    databaseUrl: env.DATABASE_URL,
    applicationName: 'mwl-gateway',
    poolSize: env.DB_POOL_SIZE,
    logger,
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    // Server side, a runaway statement is stopped a little after the gateway gave up on it.
    statementTimeoutMillis: env.CFIND_QUERY_TIMEOUT_MS + 1_000,
  });
  const gateway = createGatewayService({
    logger,
    repository: createWorklistFindRepository(database.prisma),
    options: gatewayOptions,
    metrics: createGatewayMetrics(metrics),
    closeDeadlineMs: gatewayCloseDeadlineMs(env.SHUTDOWN_DEADLINE_MS),
  });
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
