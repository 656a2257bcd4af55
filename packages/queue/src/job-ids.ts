import type { JobKind } from './queue-names.ts';

/**
 * Deterministic job ids: publishing the same snapshot twice adds nothing (BullMQ ignores a job whose
 * id exists). Built from a validated snapshot id, so they never contain `:` and never are plain
 * integers.
 */
const SUFFIX: Record<JobKind, string> = {
  entries: 'entries',
  rejections: 'rejections',
  reconcile: 'reconcile',
  syncFailures: 'failure',
};

export function jobIdFor(kind: JobKind, snapshotId: string, batchIndex?: number): string {
  return batchIndex === undefined
    ? `${snapshotId}.${SUFFIX[kind]}`
    : `${snapshotId}.${SUFFIX[kind]}.${batchIndex}`;
}
