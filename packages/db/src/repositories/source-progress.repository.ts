import type { DbClient } from './db-client.ts';
import { sqlRunnerOf } from './direct-sql.ts';

export interface SourceProgress {
  /** Every change made before this instant is stored (null: nothing stored yet). */
  modifiedUntil: Date | null;
  lastFullSnapshotAt: Date | null;
}

/** Outcomes whose entry batches were all written (`held`: only the cancellations were held back). */
const STORED_OUTCOMES = ['succeeded', 'held'];

// One statement, both answers (sync_run's (source, started_at) index serves the first).
const PROGRESS_SQL = `SELECT
  (SELECT started_at FROM sync_run
    WHERE source = $1 AND outcome = ANY($2::text[])
      AND (kind = 'incremental' OR (kind = 'full' AND complete))
    ORDER BY started_at DESC LIMIT 1) AS modified_until,
  (SELECT last_full_snapshot_at FROM source_cursor WHERE source = $1) AS last_full_snapshot_at`;

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
 *
 * Plain SQL on the client's pool when it has one (direct-sql.ts): this is the fetcher's only query,
 * and through Prisma its first one would load Prisma's query compiler into the fetcher for good
 * (~25 MB of its resident memory, more while it compiles).
 */
export async function readSourceProgress(db: DbClient, source: string): Promise<SourceProgress> {
  const [row] = await sqlRunnerOf(db)<{
    modified_until: Date | string | null;
    last_full_snapshot_at: Date | string | null;
  }>(PROGRESS_SQL, [source, STORED_OUTCOMES]);
  return {
    modifiedUntil: dateOrNull(row?.modified_until),
    lastFullSnapshotAt: dateOrNull(row?.last_full_snapshot_at),
  };
}

/** pg gives timestamptz as a Date; a raw query through Prisma may give its ISO text. */
function dateOrNull(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value);
}
