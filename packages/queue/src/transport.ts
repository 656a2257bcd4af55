import type {
  EntryBatchPayload,
  EntryBatchResult,
  ReconcilePayload,
  RejectionBatchPayload,
  RejectionBatchResult,
  SyncFailureInput,
  SyncFailurePayload,
} from './payloads.ts';
import type { JobKind } from './queue-names.ts';
import type { SnapshotHeader, SnapshotInput } from './snapshot-plan.ts';
import type { SnapshotStream } from './snapshot-stream.ts';

/** An entry batch before its entries are read: keys and change hashes, index by index. */
export interface EntryBatchKeys {
  source: string;
  snapshotId: string;
  batchIndex: number;
  sourceKeys: readonly string[];
  changeHashes: readonly string[];
}

/** Where a job handler runs. */
export interface JobContext {
  kind: JobKind;
  jobId: string;
  /** 1 on the first delivery, 2 on the first retry, ... */
  attempt: number;
}

/** A batch child that failed for good (its retries exhausted, or an invalid payload). */
export interface FailedChild {
  kind: 'entries' | 'rejections';
  jobId: string;
  /** The failure's message as the transport recorded it (never patient data). */
  reason: string;
}

/** What the batches of a snapshot reported, handed to its reconcile job. */
export interface ChildResults {
  entryBatches: EntryBatchResult[];
  rejectionBatches: RejectionBatchResult[];
  failed: FailedChild[];
}

export interface ReconcileContext extends JobContext {
  children: ChildResults;
}

/** A job's return value: a few counts and words, never patient data. */
export type JobOutcome = Record<string, string | number | boolean | null>;

/**
 * The writer's side. A handler resolves when its work is durable and throws to have the job
 * retried; `PermanentJobError` fails it at once. Payloads arrive decrypted and validated.
 */
export interface QueueHandlers {
  /**
   * Optional, and runs first: the keys of the batch that the store already holds with the same
   * change hash. Their entries are neither validated nor handed to `entries`; they count as
   * unchanged. Called only for batches that carry `changeHashes`.
   */
  unchangedEntries?(batch: EntryBatchKeys, ctx: JobContext): Promise<ReadonlySet<string>>;
  /** The batch's entries that `unchangedEntries` did not claim (all of them without it). */
  entries(payload: EntryBatchPayload, ctx: JobContext): Promise<EntryBatchResult>;
  rejections(payload: RejectionBatchPayload, ctx: JobContext): Promise<RejectionBatchResult>;
  /** Runs after every batch of its snapshot has completed or failed for good. */
  reconcile(payload: ReconcilePayload, ctx: ReconcileContext): Promise<JobOutcome>;
  syncFailure(payload: SyncFailurePayload, ctx: JobContext): Promise<JobOutcome>;
}

export interface PublishedSnapshot {
  snapshotId: string;
  reconcileJobId: string;
  entryBatches: number;
  rejectionBatches: number;
  /** Entries dropped because a later entry of the same snapshot had the same key. */
  duplicateEntries: number;
}

export interface QueueStats {
  kind: JobKind;
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Age of the oldest job waiting to run, 0 when none waits. */
  oldestWaitingMs: number;
}

/** How a job ended, for metrics. */
export interface JobFinishedEvent {
  kind: JobKind;
  outcome: 'completed' | 'retrying' | 'failed';
  durationMs: number;
  /** The error's code when the job did not complete. */
  errorCode?: string;
}

/** The slice of a pino logger the transports use. */
export interface QueueLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface QueueTransport {
  /**
   * Publishes a snapshot atomically: entry and rejection batches first, then its reconcile job,
   * which runs only once every batch has finished. Publishing the same snapshot id again adds
   * nothing while its jobs are retained.
   */
  publishSnapshot(snapshot: SnapshotInput): Promise<PublishedSnapshot>;
  /**
   * A snapshot published as it is fetched: held and published whole while small, queued in
   * batches beyond that (see `SnapshotStream`), so a large source is never held whole.
   */
  openSnapshot(header: SnapshotHeader): SnapshotStream;
  /** Records a fetch that failed before it had a snapshot to publish. */
  publishSyncFailure(report: SyncFailureInput): Promise<void>;
  /** Starts consuming every queue with these handlers (once per transport). */
  consume(handlers: QueueHandlers): Promise<void>;
  /** Resolves when the backing store answers; for readiness probes. */
  ping(): Promise<void>;
  stats(): Promise<QueueStats[]>;
  /** Stops consuming (jobs in hand finish first), then closes producers and connections. */
  close(): Promise<void>;
}
