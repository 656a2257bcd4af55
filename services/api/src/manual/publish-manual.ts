import { randomBytes } from 'node:crypto';
import { findSyncRun, findWorklistItemByKey, type WorklistItem } from '@mwl/db';
import type { WorklistEntryInput } from '@mwl/domain';
import type { ApiContext } from '../api-context.ts';
import { ConflictError } from '../errors.ts';
import { MANUAL_SOURCE } from './manual-entry.ts';

export type ManualOutcome =
  { state: 'applied'; snapshotId: string; item: WorklistItem } | { state: 'accepted'; snapshotId: string };

const POLL_MS = 25;

/** `manual-<action>-<epoch ms>-<8 hex>`: unique, and valid as a queue snapshot id. */
export function manualSnapshotId(action: string, at: Date): string {
  return `manual-${action}-${at.getTime()}-${randomBytes(4).toString('hex')}`;
}

/**
 * Publishes one manual entry as a targeted snapshot of the `manual` source (never complete: it
 * cancels nothing else), through the same queue and writer as every source, then waits up to
 * `manualWaitMs` for the writer's sync run. The writer decides: insert, update, unchanged, or a
 * rejection (e.g. a StudyInstanceUID another item holds), answered as 409.
 */
export async function publishManualEntry(
  context: ApiContext,
  action: 'create' | 'update' | 'cancel',
  entry: WorklistEntryInput,
): Promise<ManualOutcome> {
  const startedAt = context.clock();
  const snapshotId = manualSnapshotId(action, startedAt);
  try {
    await context.publishSnapshot({
      source: MANUAL_SOURCE,
      snapshotId,
      kind: 'targeted',
      window: null,
      complete: false,
      startedAt: startedAt.toISOString(),
      entries: [entry],
    });
  } catch (error) {
    context.metrics.manualWrite(action, 'failed');
    throw error;
  }
  const deadline = Date.now() + context.options.manualWaitMs;
  for (;;) {
    const run = await findSyncRun(context.prisma, snapshotId);
    if (run && run.outcome !== 'running') {
      if (run.outcome !== 'succeeded' || run.rejected > 0) {
        context.metrics.manualWrite(action, 'failed');
        throw new ConflictError(
          run.rejected > 0
            ? 'the writer refused the item (see GET /api/v1/rejections?source=manual)'
            : `the writer did not apply the item (${run.error ?? run.outcome})`,
        );
      }
      const item = await findWorklistItemByKey(context.prisma, MANUAL_SOURCE, entry.sourceKey);
      if (item) {
        context.metrics.manualWrite(action, 'applied');
        return { state: 'applied', snapshotId, item };
      }
    }
    if (Date.now() >= deadline) {
      context.metrics.manualWrite(action, 'accepted');
      return { state: 'accepted', snapshotId };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
