import { recordRejections, type PrismaClient } from '@mwl/db';
import type { RejectionBatchPayload, RejectionBatchResult } from '@mwl/queue';
import type { WriterMetrics } from './writer-metrics.ts';

export interface RecordRejectionsDeps {
  prisma: PrismaClient;
  metrics?: WriterMetrics;
}

/** Records why records are not on the worklist, one row per (source, key, reason). Idempotent. */
export async function processRecordRejections(
  payload: RejectionBatchPayload,
  deps: RecordRejectionsDeps,
): Promise<RejectionBatchResult> {
  const recorded = await recordRejections(deps.prisma, payload.source, payload.items);
  deps.metrics?.rows('rejected', recorded);
  return { recorded };
}
