// @mwl/queue: payloads, their codec and the in-process transport and scheduler. The BullMQ (Redis)
// implementations are on their own entry, `@mwl/queue/bullmq`, so a process without Redis never
// loads bullmq and ioredis.
export * from './errors.ts';
export * from './queue-names.ts';
export * from './payloads.ts';
export { parsePayload, describeIssues } from './validate-payload.ts';
export { jobIdFor } from './job-ids.ts';
export {
  parseEncryptionKey,
  createPayloadCodec,
  type PayloadCodec,
  type EncryptedEnvelope,
} from './payload-crypto.ts';
export {
  planSnapshot,
  type SnapshotHeader,
  type SnapshotInput,
  type SnapshotPlan,
  type PlannedJob,
} from './snapshot-plan.ts';
export {
  createSnapshotStream,
  type SnapshotEnd,
  type SnapshotFailure,
  type SnapshotPart,
  type SnapshotParts,
  type SnapshotStream,
  type SnapshotStreamOptions,
} from './snapshot-stream.ts';
export type * from './transport.ts';
export {
  defaultJobOptions,
  DEFAULT_ATTEMPTS,
  DEFAULT_CONCURRENCY,
  type WorkerTuning,
} from './bullmq-defaults.ts';
export { createInProcessTransport, type InProcessTransportOptions } from './in-process-transport.ts';
export {
  fetchQueueName,
  InvalidSourceScheduleError,
  isStaleTick,
  MIN_TICK_INTERVAL_MS,
  UnknownScheduledSourceError,
  type SchedulerLogger,
  type SourceSchedule,
  type SourceScheduler,
  type SourceSchedulerOptions,
  type SourceTickHandler,
  type TickInfo,
  type TickSkipReason,
} from './source-scheduler.ts';
export type { SyncTrigger } from './bullmq-sync-trigger.ts';
export {
  createInProcessSourceScheduler,
  type InProcessSourceSchedulerOptions,
} from './in-process-scheduler.ts';
export {
  createInProcessTargetedFetchQueue,
  MAX_TARGETED_RECORDS,
  parseTargetedFetch,
  targetedFetchQueueName,
  targetedFetchPayloadSchema,
  type InProcessTargetedFetchOptions,
  type TargetedFetchContext,
  type TargetedFetchHandler,
  type TargetedFetchPayload,
  type TargetedFetchQueue,
} from './targeted-fetch.ts';
