import type { SyncRun } from '../generated/client.ts';
import type { DbClient } from './db-client.ts';

export type SyncRunOutcome = 'running' | 'succeeded' | 'failed' | 'held';

export interface SyncRunRecord {
  snapshotId: string;
  source: string;
  kind: string;
  windowFrom: Date | null;
  windowTo: Date | null;
  complete: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  cancelled: number;
  reactivated: number;
  outcome: SyncRunOutcome;
  warning: string | null;
  /** Code and message, never patient data. */
  error: string | null;
}

/**
 * Serializes work on one snapshot until the transaction ends (a redelivered job waits for the
 * first delivery, then sees what it recorded).
 */
export async function lockSnapshot(tx: DbClient, snapshotId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${snapshotId}, 0))::text AS locked`;
}

export async function findSyncRun(db: DbClient, snapshotId: string): Promise<SyncRun | null> {
  return db.syncRun.findUnique({ where: { snapshotId } });
}

/** Writes the run of a snapshot: one row per snapshot id, replaced as a whole. */
export async function saveSyncRun(db: DbClient, run: SyncRunRecord): Promise<void> {
  await db.syncRun.upsert({ where: { snapshotId: run.snapshotId }, create: run, update: run });
}
