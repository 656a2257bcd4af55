import swagger from '@fastify/swagger';
import { recordAudit, type PrismaClient } from '@mwl/db';
import { createHealthServer, type HealthCheck, type Logger, type Metrics } from '@mwl/observability';
import type { PublishedSnapshot, SnapshotInput } from '@mwl/queue';
import type { FastifyInstance } from 'fastify';
import type { ApiContext, ApiSource } from './api-context.ts';
import { createApiMetrics } from './api-metrics.ts';
import { DEFAULT_API_OPTIONS, type ApiOptions } from './api-options.ts';
import { createAuthenticator } from './auth/authenticator.ts';
import { createFailureLimiter, createGate } from './auth/rate-limiter.ts';
import { BusyError } from './errors.ts';
import { registerRedcapHook, type RedcapHookSettings } from './hooks/redcap-hook.routes.ts';
import { registerMppsRoutes } from './dicomweb/mpps.routes.ts';
import { registerMwlSearch } from './dicomweb/mwl-search.routes.ts';
import { registerDashboard, type DashboardOptions } from './dashboard/dashboard.routes.ts';
import { openApiDocument } from './openapi.ts';
import { registerApiDocs } from './openapi-docs.ts';
import { installProblemHandler } from './problem.ts';
import { registerApiRoutes } from './routes/index.ts';

export interface ApiDeps {
  prisma: PrismaClient;
  logger: Logger;
  /** The service's metrics registry helpers (`createMetrics()`); `/metrics` serves its registry. */
  metrics: Metrics;
  /** The queue transport's `publishSnapshot`: manual items reach the writer like any source's. */
  publishSnapshot: (snapshot: SnapshotInput) => Promise<PublishedSnapshot>;
  /** "Sync now": the fetcher's `triggerNow` (absent: the route answers 503). */
  triggerSync?: (source: string) => Promise<void>;
  /** Data Entry Trigger target: enqueues a targeted fetch (absent: no hook route). */
  requestTargetedFetch?: (source: string, recordIds: readonly string[]) => Promise<void>;
  /** Configured data sources (enabled or not). */
  sources: readonly ApiSource[];
  /** Per source name: its Data Entry Trigger settings, secrets resolved. */
  redcapHooks?: Readonly<Record<string, RedcapHookSettings>>;
  /** Readiness checks (database, queue). */
  checks?: Readonly<Record<string, HealthCheck>>;
  clock?: () => Date;
  options?: Partial<ApiOptions>;
  /** The dashboard at `/` (default: refresh every 60 s). */
  dashboard?: Partial<DashboardOptions>;
}

export interface ApiApp {
  readonly app: FastifyInstance;
  listen(): Promise<{ host: string; port: number }>;
  /** Stops accepting, flushes pending Data Entry Triggers, closes the server. */
  close(): Promise<void>;
}

/**
 * The api service: REST under `/api/v1` (OpenAPI at `/api/v1/openapi.json`), the REDCap Data Entry
 * Trigger at `/hooks/redcap/{source}/{secret}`, the dashboard at `/`, and `/health/*` + `/metrics`
 * of the shared health server, all on `options.host`/`options.port`.
 */
export async function buildApiApp(deps: ApiDeps): Promise<ApiApp> {
  const options: ApiOptions = { ...DEFAULT_API_OPTIONS, ...deps.options };
  const clock = deps.clock ?? (() => new Date());
  const logger = deps.logger.child({ component: 'api' });
  const server = createHealthServer({
    logger: deps.logger,
    registry: deps.metrics.registry,
    host: options.host,
    port: options.port,
    trustProxy: options.trustProxy,
    ...(deps.checks ? { checks: deps.checks } : {}),
  });
  const { app } = server;
  const limiter = createFailureLimiter({
    maxFailures: options.authMaxFailures,
    windowMs: options.authFailureWindowMs,
    maxKeys: options.authLimiterMaxKeys,
    clock: () => clock().getTime(),
  });
  const context: ApiContext = {
    prisma: deps.prisma,
    logger,
    options,
    clock,
    sources: deps.sources,
    limiter,
    metrics: createApiMetrics(deps.metrics),
    publishSnapshot: deps.publishSnapshot,
    triggerSync: deps.triggerSync,
    hashGate: createGate(2, 16, () => new BusyError('too many sign-ins at once; try again shortly')),
    authenticator: createAuthenticator({
      prisma: deps.prisma,
      limiter,
      cookieName: options.cookieName,
      clock,
      onTouchError: (error) => logger.warn({ errName: (error as Error).name }, 'token last-use not recorded'),
    }),
    audit: (principal, action, target) =>
      recordAudit(deps.prisma, {
        actorKind: principal.kind,
        actor: principal.name,
        action,
        ...(target
          ? {
              targetType: target.type,
              targetId: target.id,
              ...(target.detail ? { detail: target.detail } : {}),
            }
          : {}),
      }),
  };

  installProblemHandler(app);
  app.decorateRequest('principal', null);
  await app.register(swagger, { openapi: openApiDocument() });
  await app.register(
    (scope) => {
      registerApiRoutes(scope, context);
      return Promise.resolve();
    },
    { prefix: '/api/v1' },
  );
  const hook = deps.requestTargetedFetch
    ? await registerRedcapHook(app, context, {
        hooks: deps.redcapHooks ?? {},
        requestTargetedFetch: deps.requestTargetedFetch,
      })
    : undefined;
  registerMwlSearch(app, context);
  registerDashboard(app, context, { refreshSeconds: 60, ...deps.dashboard });
  await registerMppsRoutes(app, context);
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());
  registerApiDocs(app, () => app.swagger());

  return {
    app,
    listen: () => server.listen(),
    async close() {
      await server.close();
      await hook?.flush();
    },
  };
}
