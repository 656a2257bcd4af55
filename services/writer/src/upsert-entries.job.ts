import {
  findUnchangedKeys,
  isStudyInstanceUidConflict,
  recordRejections,
  upsertWorklistRows,
  type PrismaClient,
} from '@mwl/db';
import { assignIdentifiers, changeHash } from '@mwl/domain';
import type { EntryBatchKeys, EntryBatchPayload, EntryBatchResult } from '@mwl/queue';
import type { WriterMetrics } from './writer-metrics.ts';

export interface UpsertEntriesDeps {
  prisma: PrismaClient;
  metrics?: WriterMetrics;
}

export const DUPLICATE_UID_REASON = 'DUPLICATE_STUDY_INSTANCE_UID';

type Row = Parameters<typeof upsertWorklistRows>[2][number];

/**
 * The rare path: a source-supplied StudyInstanceUID that another item holds makes the batch's one
 * statement fail. Store the rows one by one and reject the conflicting ones (the rest of the batch
 * must not wait on them forever).
 */
async function upsertRowByRow(
  deps: UpsertEntriesDeps,
  source: string,
  rows: Row[],
): Promise<EntryBatchResult> {
  const total: EntryBatchResult = { inserted: 0, updated: 0, unchanged: 0, reactivated: 0, rejected: 0 };
  const conflicts: string[] = [];
  for (const row of rows) {
    try {
      const counts = await upsertWorklistRows(deps.prisma, source, [row]);
      total.inserted += counts.inserted;
      total.updated += counts.updated;
      total.unchanged += counts.unchanged;
      total.reactivated += counts.reactivated;
    } catch (error) {
      if (!isStudyInstanceUidConflict(error)) throw error;
      conflicts.push(row.entry.sourceKey);
    }
  }
  total.rejected = await recordRejections(
    deps.prisma,
    source,
    conflicts.map((sourceKey) => ({
      sourceKey,
      reasonCode: DUPLICATE_UID_REASON,
      message: 'studyInstanceUid is already used by another worklist item',
      rawRef: null,
    })),
  );
  return total;
}

/**
 * The batch's keys whose stored row already has the entry's change hash: one index lookup per key,
 * before any entry is read. They count as unchanged (see `unchangedEntries` in @mwl/queue).
 */
export async function findUnchangedEntries(
  batch: EntryBatchKeys,
  deps: UpsertEntriesDeps,
): Promise<Set<string>> {
  const unchanged = await findUnchangedKeys(deps.prisma, batch.source, batch.sourceKeys, batch.changeHashes);
  deps.metrics?.rows('unchanged', unchanged.size);
  return unchanged;
}

/**
 * Upserts one batch of validated entries in one statement. Idempotent: a redelivered batch finds
 * its rows written and reports them unchanged. The counts go to the snapshot's reconcile job.
 */
export async function processUpsertEntries(
  payload: EntryBatchPayload,
  deps: UpsertEntriesDeps,
): Promise<EntryBatchResult> {
  const hashes = payload.changeHashes;
  const rows = payload.entries.map((entry, i) => ({
    entry,
    changeHash: hashes?.[i] ?? changeHash(entry),
    identifiers: assignIdentifiers(entry),
  }));
  let result: EntryBatchResult;
  try {
    result = { ...(await upsertWorklistRows(deps.prisma, payload.source, rows)), rejected: 0 };
  } catch (error) {
    if (!isStudyInstanceUidConflict(error)) throw error;
    result = await upsertRowByRow(deps, payload.source, rows);
  }
  deps.metrics?.rows('inserted', result.inserted);
  deps.metrics?.rows('updated', result.updated);
  deps.metrics?.rows('unchanged', result.unchanged);
  deps.metrics?.rows('reactivated', result.reactivated);
  deps.metrics?.rows('rejected', result.rejected);
  return result;
}
