import type { PrismaClient } from '@mwl/db';
import type { QueueHandlers } from '@mwl/queue';
import type { CancelPolicy } from './cancel-policy.ts';
import { processReconcileSnapshot } from './reconcile-snapshot.job.ts';
import { processRecordRejections } from './record-rejections.job.ts';
import { processRecordSyncFailure } from './record-sync-failure.job.ts';
import { findUnchangedEntries, processUpsertEntries } from './upsert-entries.job.ts';
import type { WriterMetrics } from './writer-metrics.ts';

export interface WriterDeps {
  prisma: PrismaClient;
  cancelPolicy: CancelPolicy;
  metrics?: WriterMetrics;
  logger?: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
}

/** The writer's processors as queue handlers: what `transport.consume()` takes. */
export function createWriterHandlers(deps: WriterDeps): QueueHandlers {
  return {
    unchangedEntries: (batch) => findUnchangedEntries(batch, deps),
    entries: (payload) => processUpsertEntries(payload, deps),
    rejections: (payload) => processRecordRejections(payload, deps),
    reconcile: (payload, ctx) => processReconcileSnapshot(payload, ctx.children, deps),
    syncFailure: (payload) => processRecordSyncFailure(payload, deps),
  };
}
