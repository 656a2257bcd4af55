import type { DbClient } from './db-client.ts';

export interface RejectionInput {
  sourceKey: string;
  reasonCode: string;
  /** Names fields, never values. */
  message: string;
  rawRef: string | null;
}

/**
 * Records rejections in one statement, one row per (source, key, reason): a repeated rejection
 * refreshes its message and `last_seen_at` and keeps `first_seen_at`. Rejections of a key are
 * deleted when the key is written to the worklist (see `upsertWorklistRows`).
 */
export async function recordRejections(
  db: DbClient,
  source: string,
  items: readonly RejectionInput[],
): Promise<number> {
  if (items.length === 0) return 0;
  return db.$executeRaw`
    INSERT INTO rejection AS r (source, source_key, reason_code, message, raw_ref, first_seen_at, last_seen_at)
    SELECT ${source}, t.source_key, t.reason_code, t.message, t.raw_ref, now(), now()
    FROM unnest(
      ${items.map((i) => i.sourceKey)}::text[], ${items.map((i) => i.reasonCode)}::text[],
      ${items.map((i) => i.message)}::text[], ${items.map((i) => i.rawRef)}::text[]
    ) AS t(source_key, reason_code, message, raw_ref)
    ON CONFLICT (source, source_key, reason_code) DO UPDATE
    SET message = excluded.message, raw_ref = excluded.raw_ref, last_seen_at = now()`;
}
