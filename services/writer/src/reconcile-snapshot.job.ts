import {
  advanceSourceCursor,
  cancelMissingRows,
  countCancelCandidates,
  findSyncRun,
  lockSnapshot,
  saveSyncRun,
  type CancelCandidates,
  type CancelScope,
  type DbClient,
  type PrismaClient,
  type SyncRun,
  type SyncRunOutcome,
} from '@mwl/db';
import type { ChildResults, ReconcilePayload } from '@mwl/queue';
import { decideCancellation, type CancelPolicy } from './cancel-policy.ts';
import type { WriterMetrics } from './writer-metrics.ts';

export interface ReconcileSnapshotDeps {
  prisma: PrismaClient;
  cancelPolicy: CancelPolicy;
  metrics?: WriterMetrics;
  /** Every cancellation, and every one held back, is logged with its count (no patient value). */
  logger?: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
}

export interface ReconcileOutcome {
  [key: string]: string | number | boolean | null;
  outcome: SyncRunOutcome;
  cancelled: number;
  /** True when an earlier delivery of this job already reconciled the snapshot. */
  replayed: boolean;
}

interface Decision {
  outcome: SyncRunOutcome;
  cancelled: number;
  warning: string | null;
  error: string | null;
}

function sum(results: ChildResults['entryBatches']) {
  const total = { inserted: 0, updated: 0, unchanged: 0, reactivated: 0, rejected: 0 };
  for (const r of results) {
    total.inserted += r.inserted;
    total.updated += r.updated;
    total.unchanged += r.unchanged;
    total.reactivated += r.reactivated;
    total.rejected += r.rejected;
  }
  return total;
}

/** Why not every batch of the snapshot is known to be written, or null when all are. */
function unwrittenBatches(payload: ReconcilePayload, children: ChildResults): string | null {
  const expected = payload.batches.entries + payload.batches.rejections;
  const reported = children.entryBatches.length + children.rejectionBatches.length;
  if (children.failed.length > 0) {
    const first = children.failed[0]!;
    return (
      `MWL_ERR_WRITER_BATCH_FAILED: ${children.failed.length} of ${expected} batches failed ` +
      `(first: ${first.jobId}: ${first.reason.slice(0, 300)})`
    );
  }
  if (reported !== expected) {
    return `MWL_ERR_WRITER_BATCH_MISSING: ${reported} of ${expected} batches reported a result`;
  }
  return null;
}

/** The rows a snapshot may cancel: null when it may cancel nothing (failed, partial, no window). */
function cancelScopeOf(payload: ReconcilePayload, error: string | null): CancelScope | null {
  if (error || !payload.complete || !payload.window) return null;
  return {
    source: payload.source,
    from: new Date(payload.window.from),
    to: new Date(payload.window.to),
    seenKeys: payload.seenKeys,
    startedAt: new Date(payload.startedAt),
  };
}

async function decide(
  tx: DbClient,
  error: string | null,
  scope: CancelScope | null,
  candidates: CancelCandidates,
  fetched: number,
  policy: CancelPolicy,
): Promise<Decision> {
  if (error) return { outcome: 'failed', cancelled: 0, warning: null, error };
  if (!scope) return { outcome: 'succeeded', cancelled: 0, warning: null, error };
  const decision = decideCancellation({ ...candidates, fetched }, policy);
  if (decision.action === 'hold') return { outcome: 'held', cancelled: 0, warning: decision.warning, error };
  const cancelled = candidates.missing === 0 ? 0 : await cancelMissingRows(tx, scope);
  return { outcome: 'succeeded', cancelled, warning: null, error };
}

function replay(run: SyncRun): ReconcileOutcome {
  return { outcome: run.outcome as SyncRunOutcome, cancelled: run.cancelled, replayed: true };
}

/**
 * Runs once every batch of a snapshot has finished. In one transaction, serialized per snapshot:
 * - a complete window soft-cancels its rows that the snapshot did not see (unless the cancel
 *   policy holds them back); a partial snapshot, one with a failed batch, or one whose fetch was
 *   abandoned while it was published in parts (recorded failed with the fetch's error) cancels nothing;
 * - the source's cursor moves to the window's end when a complete window was fully written (the
 *   fetcher never moves it itself: the data must be durable first);
 * - the SyncRun row gets the counts summed from the batches (so a redelivered batch counts once).
 * A redelivery of this job finds the SyncRun finished and changes nothing.
 */
export async function processReconcileSnapshot(
  payload: ReconcilePayload,
  children: ChildResults,
  deps: ReconcileSnapshotDeps,
): Promise<ReconcileOutcome> {
  const totals = sum(children.entryBatches);
  const error = payload.abandoned
    ? `${payload.abandoned.code}: ${payload.abandoned.message}`
    : unwrittenBatches(payload, children);
  const scope = cancelScopeOf(payload, error);
  // The count runs before the transaction, on the pool: inside it, Prisma's raw-query path handed
  // the snapshot's keys (MBs of text at 100k keys) through JSON, ~100 ms of CPU. Safe because:
  // - it only reads, and only informs the decision: the UPDATE cancels what its own WHERE finds;
  // - inside the transaction it ran at READ COMMITTED, a statement with its own snapshot, so it
  //   was never atomic with the UPDATE either: only the time between the two grows;
  // - a row is a candidate only if nothing wrote it since the snapshot began (every upsert sets
  //   `last_seen_at = now()`), so after the count rows can leave the set (written, taken by MPPS,
  //   cancelled by another snapshot) but not join it (short of a batch statement that began before
  //   this snapshot's fetch and commits only now, as between two statements before): the count
  //   bounds what the UPDATE cancels, and `missing = 0` still means nothing to cancel;
  // - a redelivered job counts for nothing, then finds its run finished under the lock (replay).
  const candidates = scope ? await countCancelCandidates(deps.prisma, scope) : { active: 0, missing: 0 };
  const result = await deps.prisma.$transaction(
    async (tx) => {
      await lockSnapshot(tx, payload.snapshotId);
      const existing = await findSyncRun(tx, payload.snapshotId);
      if (existing && existing.outcome !== 'running') return replay(existing);

      const decision = await decide(tx, error, scope, candidates, payload.counts.fetched, deps.cancelPolicy);
      const window = payload.window;
      if (decision.outcome !== 'failed' && payload.complete && window && payload.kind !== 'targeted') {
        await advanceSourceCursor(tx, {
          source: payload.source,
          windowEnd: new Date(window.to),
          fullSnapshotAt: payload.kind === 'full' ? new Date(payload.startedAt) : null,
        });
      }
      await saveSyncRun(tx, {
        snapshotId: payload.snapshotId,
        source: payload.source,
        kind: payload.kind,
        windowFrom: window ? new Date(window.from) : null,
        windowTo: window ? new Date(window.to) : null,
        complete: payload.complete,
        startedAt: new Date(payload.startedAt),
        finishedAt: new Date(),
        fetched: payload.counts.fetched,
        ...totals,
        rejected: payload.counts.rejected + totals.rejected,
        cancelled: decision.cancelled,
        outcome: decision.outcome,
        warning: decision.warning,
        error: decision.error,
      });
      return { outcome: decision.outcome, cancelled: decision.cancelled, replayed: false };
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
  if (!result.replayed) {
    deps.metrics?.snapshot(result.outcome);
    deps.metrics?.rows('cancelled', result.cancelled);
    const fields = { source: payload.source, snapshotId: payload.snapshotId };
    if (result.cancelled > 0)
      deps.logger?.info({ ...fields, cancelled: result.cancelled }, 'worklist items cancelled');
    if (result.outcome === 'held') deps.logger?.warn(fields, 'cancellations held back (see the sync run)');
  }
  return result;
}
