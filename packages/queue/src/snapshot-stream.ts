import type { WorklistEntryInput } from '@mwl/domain';
import type { RejectionItemInput } from './payloads.ts';
import {
  entryBatchJob,
  reconcileJob,
  rejectionBatchJob,
  type PlannedJob,
  type ReconcileFields,
  type SnapshotHeader,
  type SnapshotInput,
} from './snapshot-plan.ts';
import type { PublishedSnapshot } from './transport.ts';

/** One part of a snapshot as the fetch yields it. */
export interface SnapshotPart {
  entries: readonly WorklistEntryInput[];
  rejections?: readonly RejectionItemInput[];
}

/**
 * How the fetch ended (see `SnapshotInput` for the fields). `seenKeys` may repeat keys and is read
 * once: a fetch's lists can be handed over chained, without a copy of a whole project's keys.
 */
export interface SnapshotEnd {
  complete: SnapshotInput['complete'];
  seenKeys?: Iterable<string>;
}

/** A failure to record on the run, without patient data. */
export interface SnapshotFailure {
  code: string;
  message: string;
}

/**
 * A snapshot published as its fetch goes. It is held while small and then published whole, with
 * `publishSnapshot`'s exact rules; past `holdItems` its reconcile job is created, held back by a
 * gate, and its batches are queued as they fill, so the producer holds one batch and the keys, not
 * the project. `finish` releases the reconcile job with the final counts and keys; `abandon` (the
 * fetch failed) releases it as a failed run that cancels nothing.
 *
 * Published in parts, the last entry of a key no longer wins over one already queued: a key seen
 * again after its batch left is dropped and counted in `duplicateEntries`; a rejection whose key
 * gets an entry after the rejection left stays recorded until the entry's write clears it.
 */
export interface SnapshotStream {
  add(part: SnapshotPart): Promise<void>;
  finish(end: SnapshotEnd): Promise<PublishedSnapshot>;
  /** Idempotent; does nothing when nothing was queued yet. */
  abandon(failure: SnapshotFailure): Promise<void>;
}

type BatchJob = PlannedJob<'entries'> | PlannedJob<'rejections'>;

/** How a transport queues a snapshot in parts. */
export interface SnapshotParts {
  /** Adds the reconcile job (`placeholder`), waiting for a gate that only `release` removes. */
  open(placeholder: PlannedJob<'reconcile'>): Promise<void>;
  /** Adds a batch job as a child of the reconcile job. */
  add(job: BatchJob, reconcileJobId: string): Promise<void>;
  /** Replaces the reconcile job's payload and removes the gate: it runs once its batches finished. */
  release(reconcile: PlannedJob<'reconcile'>): Promise<void>;
}

export interface SnapshotStreamOptions {
  batchSize: number;
  /** Entries and rejections held before the snapshot is published in parts. */
  holdItems: number;
  publishWhole(input: SnapshotInput): Promise<PublishedSnapshot>;
  /** Absent: the snapshot is always held and published whole. */
  parts?: SnapshotParts;
}

/** What a gate that outlived its fetcher (a crash while publishing) leaves on the run. */
const ABANDONED: SnapshotFailure = {
  code: 'MWL_ERR_QUEUE_SNAPSHOT_ABANDONED',
  message: 'the fetcher stopped before it finished publishing this snapshot',
};

export function createSnapshotStream(header: SnapshotHeader, options: SnapshotStreamOptions): SnapshotStream {
  const { batchSize, parts } = options;
  /** Held entries by key (the last one wins while held) and rejections by key and reason. */
  const entries = new Map<string, WorklistEntryInput>();
  const rejections = new Map<string, RejectionItemInput>();
  const queuedEntryKeys = new Set<string>();
  const queuedRejectedKeys = new Set<string>();
  let fetched = 0;
  let duplicates = 0;
  const batches = { entries: 0, rejections: 0 };
  let reconcileJobId: string | undefined;
  let closed = false;

  const reconcile = (fields: Omit<ReconcileFields, 'batches'>) =>
    reconcileJob(header, { ...fields, batches: { ...batches } });

  async function queueEntries(all: boolean): Promise<void> {
    while (entries.size >= (all ? 1 : batchSize)) {
      const batch: WorklistEntryInput[] = [];
      for (const [key, entry] of entries) {
        if (batch.length === batchSize) break;
        batch.push(entry);
        entries.delete(key);
        queuedEntryKeys.add(key);
      }
      await parts!.add(entryBatchJob(header, batches.entries++, batch), reconcileJobId!);
    }
  }

  async function queueRejections(all: boolean): Promise<void> {
    while (rejections.size >= (all ? 1 : batchSize)) {
      const items: RejectionItemInput[] = [];
      for (const [id, item] of rejections) {
        if (items.length === batchSize) break;
        rejections.delete(id);
        // A key with an entry drops its rejections (an entry clears them anyway).
        if (entries.has(item.sourceKey) || queuedEntryKeys.has(item.sourceKey)) continue;
        items.push(item);
        queuedRejectedKeys.add(item.sourceKey);
      }
      if (items.length > 0)
        await parts!.add(rejectionBatchJob(header, batches.rejections++, items), reconcileJobId!);
    }
  }

  return {
    async add(part) {
      if (closed) throw new Error('the snapshot stream is closed');
      fetched += part.entries.length + (part.rejections?.length ?? 0);
      for (const entry of part.entries) {
        if (queuedEntryKeys.has(entry.sourceKey) || entries.delete(entry.sourceKey)) duplicates++;
        if (!queuedEntryKeys.has(entry.sourceKey)) entries.set(entry.sourceKey, entry);
      }
      for (const item of part.rejections ?? [])
        rejections.set(`${item.sourceKey}\u0000${item.reasonCode}`, item);
      if (reconcileJobId === undefined) {
        if (!parts || entries.size + rejections.size <= options.holdItems) return;
        const placeholder = reconcile({
          complete: false,
          seenKeys: [],
          counts: { fetched: 0, rejected: 0 },
          abandoned: ABANDONED,
        });
        await parts.open(placeholder);
        reconcileJobId = placeholder.jobId;
      }
      await queueEntries(false);
      await queueRejections(false);
    },

    async finish(end) {
      if (closed) throw new Error('the snapshot stream is closed');
      closed = true;
      if (reconcileJobId === undefined) {
        const published = await options.publishWhole({
          ...header,
          complete: end.complete,
          entries: [...entries.values()],
          rejections: [...rejections.values()],
          ...(end.seenKeys ? { seenKeys: [...end.seenKeys] } : {}),
          fetched,
        });
        return { ...published, duplicateEntries: published.duplicateEntries + duplicates };
      }
      await queueEntries(true);
      await queueRejections(true);
      const rejected = queuedRejectedKeys.size;
      // The fetch's own list, when it has one, is the payload's: the queued keys' set (a whole
      // project's, at the peak of a large snapshot) is let go before that list is built.
      const keys = end.seenKeys ?? [...queuedEntryKeys, ...queuedRejectedKeys];
      queuedEntryKeys.clear();
      queuedRejectedKeys.clear();
      const final = reconcile({
        complete: end.complete,
        seenKeys: end.complete ? [...new Set(keys)] : [],
        counts: { fetched, rejected },
      });
      await parts!.release(final);
      return {
        snapshotId: header.snapshotId,
        reconcileJobId,
        entryBatches: batches.entries,
        rejectionBatches: batches.rejections,
        duplicateEntries: duplicates,
      };
    },

    async abandon(failure) {
      if (closed) return;
      closed = true;
      entries.clear();
      rejections.clear();
      if (reconcileJobId === undefined) return;
      await parts!.release(
        reconcile({
          complete: false,
          seenKeys: [],
          counts: { fetched, rejected: queuedRejectedKeys.size },
          abandoned: { code: failure.code, message: failure.message.slice(0, 1000) },
        }),
      );
    },
  };
}
