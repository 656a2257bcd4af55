import {
  createClusterMetricsSource,
  shareMetricsWithClusterPrimary,
  type Logger,
  type Metrics,
} from '@mwl/observability';
import { runProcess, type DatabaseResource, type ProcessIo } from '@mwl/runtime';
import type { GatewayEnv } from './env.ts';
import { createGatewayCluster } from './gateway-cluster.ts';
import type { GatewayService } from './gateway-service.ts';

export interface GatewayClusterRoleDeps {
  io: ProcessIo;
  logger: Logger;
  metrics: Metrics;
  env: GatewayEnv;
  /** `gateway.processes`, above 1. */
  processes: number;
  closeDeadlineMs: number;
  /** One gateway with its own database pool (built in each gateway process, never in the primary). */
  gatewayWithDatabase(): { database: DatabaseResource; gateway: GatewayService };
}

/**
 * The gateway role as `processes` processes sharing the DICOM port (node:cluster re-runs this
 * command in each). The primary runs no gateway: it owns the health port, whose `/metrics` sums
 * the gateway processes' metrics and whose readiness needs every process listening; on SIGTERM it
 * asks each process to finish its queries within the deadline. A gateway process runs its gateway
 * and pool only, and returns once its primary closed it.
 */
export async function runGatewayCluster(deps: GatewayClusterRoleDeps): Promise<number> {
  const { io, logger, metrics, env, processes, closeDeadlineMs } = deps;
  let built: ReturnType<GatewayClusterRoleDeps['gatewayWithDatabase']> | undefined;
  const cluster = createGatewayCluster({
    processes,
    logger,
    startGateway: () => {
      built = deps.gatewayWithDatabase();
      const { gateway, database } = built;
      return {
        async listen() {
          await gateway.start();
          return gateway.address()!;
        },
        isListening: () => gateway.gateway.isListening(),
        async close() {
          await gateway.stop();
          await database.close.run();
        },
      };
    },
  });

  if (cluster.role === 'worker') {
    shareMetricsWithClusterPrimary(metrics.registry);
    await cluster.listen();
    await cluster.closed();
    return 0;
  }

  return runProcess({
    io,
    logger,
    registry: createClusterMetricsSource(),
    health: { host: env.HEALTH_HOST, port: env.HEALTH_PORT },
    shutdownDeadlineMs: env.SHUTDOWN_DEADLINE_MS,
    units: [
      {
        name: 'gateway processes',
        start: () => cluster.listen(),
        stop: () => cluster.close({ deadlineMs: closeDeadlineMs }),
        checks: {
          dicom: () =>
            cluster.isListening()
              ? Promise.resolve()
              : Promise.reject(new Error('not every gateway process is listening')),
        },
      },
    ],
    resources: [],
    checks: {},
  });
}
