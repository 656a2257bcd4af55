import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { MetricsSource } from './cluster-metrics.ts';
import { HealthServerAddressError } from './errors.ts';
import { QuietLogController } from './http-log-controller.ts';
import { runReadinessChecks, type HealthCheck } from './readiness.ts';

export interface CreateHealthServerOptions {
  logger: Logger;
  registry: MetricsSource;
  /** Dependencies that must answer for the service to be ready (database, Redis, ...). */
  checks?: Readonly<Record<string, HealthCheck>>;
  /** Default `0.0.0.0`: probes come from outside the container. */
  host?: string;
  /** Default 9464; 0 picks a free port (see the address `listen()` returns). */
  port?: number;
  /** Per check; default 2000 ms, below the usual 5 s probe timeout of orchestrators. */
  checkTimeoutMs?: number;
  /** Fastify's `trustProxy`, for services behind a reverse proxy (the api); default off. */
  trustProxy?: boolean | string;
  /** Largest request body in bytes (fastify's `bodyLimit`); default fastify's 1 MiB. */
  bodyLimit?: number;
}

export interface HealthServer {
  /** The fastify app: services (the api) add their routes to it before `listen()`. */
  readonly app: FastifyInstance;
  listen(): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
}

/**
 * `/health/live` (the process answers), `/health/ready` (every dependency check passes) and
 * `/metrics` (Prometheus text from the given registry).
 *
 * Fastify logs through our logger, so its error lines are PHI-scrubbed like every other line, and
 * through `QuietLogController`: no line per request (probes and scrapes every few seconds would
 * bury the service's own lines), errors still logged.
 */
export function createHealthServer(options: CreateHealthServerOptions): HealthServer {
  const { logger, registry } = options;
  const checks = options.checks ?? {};
  const checkTimeoutMs = options.checkTimeoutMs ?? 2_000;
  const httpLogger = logger.child({ component: 'http' });
  // Typed as fastify's base logger so `app` is a plain `FastifyInstance` that route plugins accept.
  const fastifyLogger: FastifyBaseLogger = httpLogger;
  const app: FastifyInstance = Fastify({
    loggerInstance: fastifyLogger,
    logController: new QuietLogController(),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
  });

  app.get('/health/live', (_request, reply) => reply.send({ status: 'ok' }));

  app.get('/health/ready', async (_request, reply) => {
    const report = await runReadinessChecks(checks, checkTimeoutMs, httpLogger);
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await registry.metrics();
    return reply.header('content-type', registry.contentType).send(text);
  });

  return {
    app,
    async listen() {
      await app.listen({ host: options.host ?? '0.0.0.0', port: options.port ?? 9464 });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new HealthServerAddressError();
      logger.info({ host: address.address, port: address.port }, 'health server listening');
      return { host: address.address, port: address.port };
    },
    async close() {
      await app.close();
    },
  };
}
