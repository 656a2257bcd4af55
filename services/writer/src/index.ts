// @mwl/writer: the writer service. `writerCommand` runs it as its own process; `createWriterService`
// is what `mwl-bridge start` composes with the others on shared clients.
export { writerCommand } from './writer-command.ts';
export { runWriter } from './run-writer.ts';
export { createWriterService, type WriterServiceDeps } from './writer-service.ts';
export { writerEnvSchema, writerEnvShape, type WriterEnv } from './env.ts';
export { createWriterHandlers, type WriterDeps } from './writer-handlers.ts';
export { createWriterMetrics, type RowOutcome, type WriterMetrics } from './writer-metrics.ts';
export { DEFAULT_CANCEL_POLICY, decideCancellation, type CancelPolicy } from './cancel-policy.ts';
export { processUpsertEntries, DUPLICATE_UID_REASON } from './upsert-entries.job.ts';
export { processRecordRejections } from './record-rejections.job.ts';
export { processReconcileSnapshot, type ReconcileOutcome } from './reconcile-snapshot.job.ts';
export { processRecordSyncFailure } from './record-sync-failure.job.ts';
