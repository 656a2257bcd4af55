import { findSyncRun, lockSnapshot, saveSyncRun, type PrismaClient } from '@mwl/db';
import type { SyncFailurePayload } from '@mwl/queue';
import type { WriterMetrics } from './writer-metrics.ts';

export interface RecordSyncFailureDeps {
  prisma: PrismaClient;
  metrics?: WriterMetrics;
}

/**
 * Records a fetch that failed before publishing a snapshot: a SyncRun with outcome `failed`, its
 * error code and message, and nothing else touched (no cancellation, no cursor move). A snapshot
 * already reconciled under the same id keeps its run.
 */
export async function processRecordSyncFailure(
  payload: SyncFailurePayload,
  deps: RecordSyncFailureDeps,
): Promise<{ recorded: boolean }> {
  const recorded = await deps.prisma.$transaction(async (tx) => {
    await lockSnapshot(tx, payload.snapshotId);
    const existing = await findSyncRun(tx, payload.snapshotId);
    if (existing && existing.outcome !== 'running') return false;
    await saveSyncRun(tx, {
      snapshotId: payload.snapshotId,
      source: payload.source,
      kind: payload.kind,
      windowFrom: payload.window ? new Date(payload.window.from) : null,
      windowTo: payload.window ? new Date(payload.window.to) : null,
      complete: false,
      startedAt: new Date(payload.startedAt),
      finishedAt: new Date(),
      fetched: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      cancelled: 0,
      reactivated: 0,
      outcome: 'failed',
      warning: null,
      error: `${payload.error.code}: ${payload.error.message}`,
    });
    return true;
  });
  if (recorded) deps.metrics?.snapshot('failed');
  return { recorded };
}
