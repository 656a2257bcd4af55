import type { DbClient } from './db-client.ts';

export interface SourceProgress {
  /** Every change made before this instant is stored (null: nothing stored yet). */
  modifiedUntil: Date | null;
  lastFullSnapshotAt: Date | null;
}

/** Outcomes whose entry batches were all written (`held`: only the cancellations were held back). */
const STORED_OUTCOMES = ['succeeded', 'held'];

/**
 * Where a source's sync stands, from what the writer recorded (a fetcher writes nothing: a cursor
 * moves only once rows are durable).
 *
 * - `modifiedUntil`: the start of the latest fetch stored whole, an incremental fetch or a complete
 *   full snapshot. Each of those asked for every change up to its start since an earlier such
 *   point, so everything before it is stored, whatever order runs finished in.
 *   (`source_cursor.window_end` cannot serve: for a full snapshot it is the end of the schedule
 *   window, days ahead.)
 * - `lastFullSnapshotAt`: `source_cursor.last_full_snapshot_at`, set by the writer.
 */
export async function readSourceProgress(db: DbClient, source: string): Promise<SourceProgress> {
  const [latest, cursor] = await Promise.all([
    db.syncRun.findFirst({
      where: {
        source,
        outcome: { in: STORED_OUTCOMES },
        OR: [{ kind: 'incremental' }, { kind: 'full', complete: true }],
      },
      orderBy: { startedAt: 'desc' },
      select: { startedAt: true },
    }),
    db.sourceCursor.findUnique({ where: { source }, select: { lastFullSnapshotAt: true } }),
  ]);
  return { modifiedUntil: latest?.startedAt ?? null, lastFullSnapshotAt: cursor?.lastFullSnapshotAt ?? null };
}
