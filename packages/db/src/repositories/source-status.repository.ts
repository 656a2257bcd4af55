import type { Rejection, SourceCursor, SyncRun } from '../generated/client.ts';
import type { DbClient } from './db-client.ts';

export interface SourceRecord {
  source: string;
  cursor: SourceCursor | null;
  lastSuccessAt: Date | null;
  /** Newest first. */
  lastRuns: SyncRun[];
}

/** Cursor, last success and the newest `runs` sync runs of each named source. */
export async function readSourceRecords(
  db: DbClient,
  sources: readonly string[],
  runs: number,
): Promise<SourceRecord[]> {
  const names = [...sources];
  const [cursors, successes, recent] = await Promise.all([
    db.sourceCursor.findMany({ where: { source: { in: names } } }),
    db.syncRun.groupBy({
      by: ['source'],
      where: { source: { in: names }, outcome: 'succeeded' },
      _max: { finishedAt: true },
    }),
    Promise.all(
      names.map((source) => db.syncRun.findMany({ where: { source }, orderBy: { id: 'desc' }, take: runs })),
    ),
  ]);
  return names.map((source, i) => ({
    source,
    cursor: cursors.find((c) => c.source === source) ?? null,
    lastSuccessAt: successes.find((s) => s.source === source)?._max.finishedAt ?? null,
    lastRuns: recent[i] ?? [],
  }));
}

export interface SyncRunQuery {
  source?: string;
  outcome?: string;
  limit: number;
  /** Runs with an id below this one (paging back in time). */
  beforeId?: bigint;
}

export async function listSyncRuns(db: DbClient, query: SyncRunQuery): Promise<SyncRun[]> {
  return db.syncRun.findMany({
    where: {
      ...(query.source !== undefined ? { source: query.source } : {}),
      ...(query.outcome !== undefined ? { outcome: query.outcome } : {}),
      ...(query.beforeId !== undefined ? { id: { lt: query.beforeId } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit,
  });
}

export interface RejectionQuery {
  source?: string;
  sourceKey?: string;
  reasonCode?: string;
  limit: number;
  offset: number;
}

export async function listRejections(
  db: DbClient,
  query: RejectionQuery,
): Promise<{ items: Rejection[]; total: number }> {
  const where = {
    ...(query.source !== undefined ? { source: query.source } : {}),
    ...(query.sourceKey !== undefined ? { sourceKey: query.sourceKey } : {}),
    ...(query.reasonCode !== undefined ? { reasonCode: query.reasonCode } : {}),
  };
  const [items, total] = await Promise.all([
    db.rejection.findMany({
      where,
      orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }],
      skip: query.offset,
      take: query.limit,
    }),
    db.rejection.count({ where }),
  ]);
  return { items, total };
}
