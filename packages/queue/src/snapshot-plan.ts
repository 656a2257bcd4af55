import { changeHash, type WorklistEntryInput } from '@mwl/domain';
import { InvalidPayloadError, InvalidSnapshotError } from './errors.ts';
import { jobIdFor } from './job-ids.ts';
import type {
  PayloadByKind,
  ReconcilePayload,
  RejectionItemInput,
  SnapshotKind,
  SnapshotWindow,
} from './payloads.ts';
import type { JobKind } from './queue-names.ts';
import { parsePayload } from './validate-payload.ts';

/** What a fetcher publishes: one fetch of one source. */
export interface SnapshotInput {
  source: string;
  /** Chosen by the fetcher, unique per fetch: `[A-Za-z0-9._-]`, not a plain integer. */
  snapshotId: string;
  kind: SnapshotKind;
  /** The schedule window `[from, to)` the fetch covered; null for a targeted fetch. */
  window: SnapshotWindow | null;
  /** True only when the whole window was read: then missing keys may be cancelled. */
  complete: boolean;
  /** When the fetch began (ISO 8601 with offset). */
  startedAt: string;
  entries: readonly WorklistEntryInput[];
  rejections?: readonly RejectionItemInput[];
  /**
   * Keys present in the source's window. Default: the keys of `entries` and `rejections` (a record
   * that fails validation is still present: its last good version stays, the rejection explains).
   * Ignored unless `complete`.
   */
  seenKeys?: readonly string[];
  /** Records read from the source; default: entries + rejections. */
  fetched?: number;
}

export interface PlannedJob<K extends JobKind> {
  kind: K;
  jobId: string;
  payload: PayloadByKind[K];
}

export interface SnapshotPlan {
  reconcile: PlannedJob<'reconcile'>;
  entryBatches: PlannedJob<'entries'>[];
  rejectionBatches: PlannedJob<'rejections'>[];
  /** Entries dropped because a later entry of the snapshot had the same key. */
  duplicateEntries: number;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function validated<K extends JobKind>(kind: K, jobId: string, payload: unknown): PlannedJob<K> {
  try {
    return { kind, jobId, payload: parsePayload(kind, payload) };
  } catch (error) {
    if (error instanceof InvalidPayloadError) {
      throw new InvalidSnapshotError(`snapshot cannot be published: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** What every job of one snapshot repeats. */
export type SnapshotHeader = Pick<SnapshotInput, 'source' | 'snapshotId' | 'kind' | 'window' | 'startedAt'>;

/** An entry batch job, validated, with the change hash of each entry (the writer skips unchanged ones by these). */
export function entryBatchJob(
  header: SnapshotHeader,
  batchIndex: number,
  entries: readonly WorklistEntryInput[],
): PlannedJob<'entries'> {
  const job = validated('entries', jobIdFor('entries', header.snapshotId, batchIndex), {
    source: header.source,
    snapshotId: header.snapshotId,
    batchIndex,
    entries,
  });
  job.payload.changeHashes = job.payload.entries.map((entry) => changeHash(entry));
  return job;
}

export function rejectionBatchJob(
  header: SnapshotHeader,
  batchIndex: number,
  items: readonly RejectionItemInput[],
): PlannedJob<'rejections'> {
  return validated('rejections', jobIdFor('rejections', header.snapshotId, batchIndex), {
    source: header.source,
    snapshotId: header.snapshotId,
    batchIndex,
    items,
  });
}

/** The reconcile job's own fields, beside the header. */
export type ReconcileFields = Pick<
  ReconcilePayload,
  'complete' | 'seenKeys' | 'counts' | 'batches' | 'abandoned'
>;

export function reconcileJob(header: SnapshotHeader, fields: ReconcileFields): PlannedJob<'reconcile'> {
  return validated('reconcile', jobIdFor('reconcile', header.snapshotId), {
    source: header.source,
    snapshotId: header.snapshotId,
    kind: header.kind,
    window: header.window,
    startedAt: header.startedAt,
    ...fields,
  });
}

/**
 * Splits a snapshot into validated batch jobs and its reconcile job. Within a snapshot the last entry
 * of a key wins, and a key that has an entry drops its rejections (an entry clears them anyway).
 */
export function planSnapshot(input: SnapshotInput, batchSize: number): SnapshotPlan {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidSnapshotError('batch size must be a positive integer');
  }
  const byKey = new Map<string, WorklistEntryInput>();
  for (const entry of input.entries) {
    byKey.delete(entry.sourceKey);
    byKey.set(entry.sourceKey, entry);
  }
  const entries = [...byKey.values()];
  const rejectionsByKey = new Map<string, RejectionItemInput>();
  for (const item of input.rejections ?? []) {
    if (!byKey.has(item.sourceKey)) rejectionsByKey.set(`${item.sourceKey}\u0000${item.reasonCode}`, item);
  }
  const rejections = [...rejectionsByKey.values()];

  const entryBatches = chunk(entries, batchSize).map((batch, batchIndex) =>
    entryBatchJob(input, batchIndex, batch),
  );
  const rejectionBatches = chunk(rejections, batchSize).map((items, batchIndex) =>
    rejectionBatchJob(input, batchIndex, items),
  );
  const seenKeys = input.complete
    ? [...new Set(input.seenKeys ?? [...byKey.keys(), ...rejections.map((r) => r.sourceKey)])]
    : [];
  const reconcile = reconcileJob(input, {
    complete: input.complete,
    seenKeys,
    counts: {
      fetched: input.fetched ?? input.entries.length + (input.rejections?.length ?? 0),
      rejected: new Set(rejections.map((r) => r.sourceKey)).size,
    },
    batches: { entries: entryBatches.length, rejections: rejectionBatches.length },
  });
  return {
    reconcile,
    entryBatches,
    rejectionBatches,
    duplicateEntries: input.entries.length - entries.length,
  };
}
