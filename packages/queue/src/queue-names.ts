/**
 * Every queue of mwl-bridge, in one place. Names never contain `:` (BullMQ builds Redis keys as
 * `<prefix>:<queue>:<jobId>`).
 *
 * A snapshot is one BullMQ flow: a `reconcile` parent whose children are the `entries` and
 * `rejections` batches, so the parent runs only after every batch of the snapshot is written.
 */
export const QUEUE_NAMES = {
  /** Batches of normalized worklist entries to upsert. Children of a snapshot. */
  entries: 'mwl-entries',
  /** Batches of records a source plugin rejected. Children of a snapshot. */
  rejections: 'mwl-rejections',
  /** One per snapshot, after its batches: soft-cancel what left a complete window, write the SyncRun. */
  reconcile: 'mwl-reconcile',
  /** A fetch that failed before it could publish a snapshot: recorded as a failed SyncRun. */
  syncFailures: 'mwl-sync-failures',
  /**
   * MPPS N-CREATE / N-SET events from the gateway, applied by the writer. Reserved: the payload
   * schema (SOP Instance UID, status, referenced SPS, attributes) is defined with the gateway.
   */
  mppsEvents: 'mwl-mpps-events',
  /**
   * Re-fetch these records of a source now (a REDCap Data Entry Trigger): produced by the api,
   * consumed by the fetcher (`processTargetedFetch`); one BullMQ queue per source,
   * `mwl-targeted-fetch-<source>` (see `targeted-fetch.ts`).
   */
  targetedFetch: 'mwl-targeted-fetch',
} as const;

/** The queues a transport carries today (MPPS events come with the gateway). */
export type JobKind = 'entries' | 'rejections' | 'reconcile' | 'syncFailures';
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const JOB_KINDS: readonly JobKind[] = ['entries', 'rejections', 'reconcile', 'syncFailures'];
