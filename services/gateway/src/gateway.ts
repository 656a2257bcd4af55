import type { MppsRepository, WorklistFindRepository } from '@mwl/db';
import { createDimseServer, type DimseServerStats } from '@mwl/dimse';
import type { Logger } from '@mwl/observability';
import { handleEcho } from './echo.handler.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';
import type { GatewayOptions } from './gateway-options.ts';
import { handleMppsCreate } from './mpps-create.handler.ts';
import type { MppsDeps } from './mpps-result.ts';
import { handleMppsSet } from './mpps-set.handler.ts';
import { handleMwlFind, type MwlFindDeps } from './mwl-find.handler.ts';

export interface GatewayDeps {
  logger: Logger;
  repository: WorklistFindRepository;
  options: GatewayOptions;
  metrics?: GatewayMetrics;
  /**
   * Modality Performed Procedure Step SCP: offered (N-CREATE, N-SET) when given, its presentation
   * context rejected otherwise. The gateway writes MPPS rows itself (docs/ARCHITECTURE-DECISIONS.md).
   */
  mpps?: { repository: MppsRepository; timezone: string };
}

export interface Gateway {
  /** Binds the DICOM port; resolves with the bound address (port 0 picks one). */
  listen(): Promise<{ host: string; port: number }>;
  /** True from a successful `listen()` until `close()` starts: the readiness probe's DICOM half. */
  isListening(): boolean;
  /** Stops accepting, lets queries in flight finish until the deadline, then drops what is left. */
  close(options?: { deadlineMs?: number }): Promise<void>;
  stats(): DimseServerStats;
}

/**
 * The DICOM side of mwl-bridge: Verification, Modality Worklist C-FIND and, when `deps.mpps` is
 * given, Modality Performed Procedure Step (N-CREATE, N-SET). Without it the MPPS presentation
 * context is rejected (abstract syntax not supported), so no scanner believes its procedure steps
 * are recorded.
 */
export function createGateway(deps: GatewayDeps): Gateway {
  const { logger, options, metrics } = deps;
  const dimseLogger = logger.child({ component: 'dimse' });
  const findDeps: MwlFindDeps = {
    repository: deps.repository,
    logger: logger.child({ component: 'mwl-find' }),
    ...(metrics && { metrics }),
    options: {
      maxResults: options.maxResults,
      pageSize: options.pageSize,
      queryTimeoutMs: options.queryTimeoutMs,
      pnCaseInsensitive: options.pnCaseInsensitive,
      ...(options.hideStatuses && { hiddenStatuses: options.hideStatuses }),
      charsetFor: (callingAeTitle) => options.charsetPerAe[callingAeTitle] ?? 'ISO_IR 192',
    },
  };
  const mppsDeps: MppsDeps | undefined = deps.mpps && {
    repository: deps.mpps.repository,
    timezone: deps.mpps.timezone,
    // Two round trips per message: twice the per-page deadline of C-FIND.
    timeoutMs: 2 * options.queryTimeoutMs,
    logger: logger.child({ component: 'mpps' }),
    ...(metrics && { metrics }),
  };
  const server = createDimseServer({
    logger: dimseLogger,
    aeTitles: options.aeTitles,
    callingAeAllowList: options.callingAeAllowList,
    callingAeAddressBinding: options.callingAeAddressBinding,
    maxAssociations: options.maxAssociations,
    maxPduLength: options.maxPduLength,
    idleTimeoutMs: options.idleTimeoutMs,
    ...(options.limits && { limits: options.limits }),
    ...(options.tls && { tls: options.tls }),
    handlers: {
      onEcho: (ctx) => handleEcho(ctx, { logger: dimseLogger, ...(metrics && { metrics }) }),
      onFind: (ctx, identifier, responder) => handleMwlFind(ctx, identifier, responder, findDeps),
      ...(mppsDeps && {
        onNCreate: (ctx, _sopClassUid, uid, dataset) => handleMppsCreate(ctx, uid, dataset, mppsDeps),
        onNSet: (ctx, _sopClassUid, uid, dataset) => handleMppsSet(ctx, uid, dataset, mppsDeps),
      }),
    },
  });
  metrics?.observeServer(() => server.stats());
  let listening = false;

  return {
    async listen() {
      const address = await server.listen({ host: options.host, port: options.port });
      listening = true;
      logger.info(
        {
          ...address,
          aeTitles: options.aeTitles,
          maxResults: options.maxResults,
          tls: options.tls !== undefined,
          mpps: mppsDeps !== undefined,
        },
        'gateway listening',
      );
      return address;
    },
    isListening: () => listening,
    async close(closeOptions) {
      listening = false;
      await server.close(closeOptions);
    },
    stats: () => server.stats(),
  };
}
