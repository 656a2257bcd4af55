// The writer as a library, for the single-process embedded mode (services/cli): the same handlers
// main.ts gives the BullMQ transport, ready for the in-process one.
export { createWriterHandlers, type WriterDeps } from './writer-handlers.ts';
export { createWriterMetrics, type RowOutcome, type WriterMetrics } from './writer-metrics.ts';
export { DEFAULT_CANCEL_POLICY, decideCancellation, type CancelPolicy } from './cancel-policy.ts';
export { writerEnvSchema, type WriterEnv } from './env.ts';
export { processUpsertEntries, DUPLICATE_UID_REASON } from './upsert-entries.job.ts';
export { processRecordRejections } from './record-rejections.job.ts';
export { processReconcileSnapshot, type ReconcileOutcome } from './reconcile-snapshot.job.ts';
export { processRecordSyncFailure } from './record-sync-failure.job.ts';
