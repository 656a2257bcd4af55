import { apiOptionsOf, apiSourcesOf, buildApiApp, type RedcapHookSettings } from '@mwl/api';
import type { MwlBridgeConfig } from '@mwl/config';
import type { PrismaClient } from '@mwl/db';
import { createTargetedFetchUnit, type Fetcher } from '@mwl/fetcher';
import type { HealthCheck, Logger, Metrics } from '@mwl/observability';
import { createInProcessTargetedFetchQueue, type QueueTransport } from '@mwl/queue';
import type { ServiceUnit } from '@mwl/runtime';

export interface BridgeApiDeps {
  config: MwlBridgeConfig;
  /** The Data Entry Trigger settings, secrets resolved (`resolveRedcapHooks`). */
  redcapHooks: Readonly<Record<string, RedcapHookSettings>>;
  prisma: PrismaClient;
  transport: QueueTransport;
  /** The fetchers of this process (started before the api): "sync now" and targeted fetches. */
  fetcher: Fetcher;
  logger: Logger;
  metrics: Metrics;
  checks: Readonly<Record<string, HealthCheck>>;
  /** `--api-port`: wins over `api.port` (0 picks a free port). */
  port?: number;
}

export interface BridgeApi extends ServiceUnit {
  /** Where it listens, once started. */
  address(): { host: string; port: number } | undefined;
}

/**
 * The api inside `mwl-bridge start`: REST, DICOMweb and the Data Entry Trigger on `api.host`/
 * `api.port`. Manual items go through this process's queue to its writer; "sync now" asks this
 * process's fetcher for a tick; Data Entry Triggers become targeted fetches run here (in-process:
 * the fetchers are here; nothing survives a restart, the periodic sync catches up).
 */
export async function createBridgeApi(deps: BridgeApiDeps): Promise<BridgeApi> {
  const { config, fetcher, transport } = deps;
  const logger = deps.logger.child({ component: 'api' });
  const queue = createInProcessTargetedFetchQueue({ logger });
  const targeted = createTargetedFetchUnit({ queue, fetcher, transport, logger });
  const api = await buildApiApp({
    prisma: deps.prisma,
    logger: deps.logger,
    metrics: deps.metrics,
    publishSnapshot: (snapshot) => transport.publishSnapshot(snapshot),
    triggerSync: (source) => fetcher.triggerNow(source),
    requestTargetedFetch: (source, recordIds) =>
      queue.request({ source, recordIds: [...recordIds], requestedAt: new Date().toISOString() }),
    sources: apiSourcesOf(config),
    redcapHooks: deps.redcapHooks,
    checks: deps.checks,
    options: { ...apiOptionsOf(config), ...(deps.port !== undefined && { port: deps.port }) },
  });
  let address: { host: string; port: number } | undefined;
  return {
    name: 'api',
    async start() {
      await targeted.start();
      address = await api.listen();
      return address;
    },
    async stop() {
      await api.close();
      await targeted.stop();
    },
    address: () => address,
  };
}
