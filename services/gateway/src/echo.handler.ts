import type { DimseContext, DimseFinalStatus } from '@mwl/dimse';
import { CFIND_STATUS } from '@mwl/domain';
import type { Logger } from '@mwl/observability';
import type { GatewayMetrics } from './gateway-metrics.ts';

export interface EchoDeps {
  logger: Logger;
  metrics?: GatewayMetrics;
}

/**
 * Verification (C-ECHO): Success whenever the association was accepted. It answers for the DICOM
 * service only: a modality's "test connection" must not fail because a query would (the database
 * is the readiness probe's business).
 */
export function handleEcho(ctx: DimseContext, deps: EchoDeps): Promise<DimseFinalStatus> {
  deps.metrics?.echoAnswered();
  deps.logger.debug({ assocId: ctx.assocId, callingAe: ctx.callingAeTitle }, 'C-ECHO answered');
  return Promise.resolve({ status: CFIND_STATUS.success });
}
