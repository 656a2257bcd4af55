import type { DbClient } from './db-client.ts';

/**
 * Moves a source's cursor forward to `windowEnd` (never back), and records a full snapshot's start.
 * The writer calls it once a snapshot's rows are durable, so a fetcher that crashed mid-way
 * fetches the window again.
 */
export async function advanceSourceCursor(
  db: DbClient,
  cursor: { source: string; windowEnd: Date; fullSnapshotAt: Date | null },
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO source_cursor AS c (source, window_end, last_full_snapshot_at, updated_at)
    VALUES (${cursor.source}, ${cursor.windowEnd}, ${cursor.fullSnapshotAt}, now())
    ON CONFLICT (source) DO UPDATE SET
      window_end = greatest(c.window_end, excluded.window_end),
      last_full_snapshot_at = greatest(c.last_full_snapshot_at, excluded.last_full_snapshot_at),
      updated_at = now()`;
}
