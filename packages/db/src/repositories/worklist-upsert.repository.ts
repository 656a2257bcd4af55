import { MPPS_OWNED_STATUSES, type AssignedIdentifiers, type WorklistEntry } from '@mwl/domain';
import type { DbClient } from './db-client.ts';
import { sqlRunnerOf } from './direct-sql.ts';
import { UNCHANGED_KEYS_SQL, UPSERT_SQL, upsertInputJson } from './worklist-upsert.sql.ts';

/** One entry ready to store: validated, hashed, with the identifiers it gets if it is new. */
export interface WorklistRowInput {
  entry: WorklistEntry;
  changeHash: string;
  /** Used on insert only: a stored row keeps its identifiers forever. */
  identifiers: AssignedIdentifiers;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Updated rows that were cancelled and are active again (included in `updated`). */
  reactivated: number;
}

const MPPS_OWNED: string[] = [...MPPS_OWNED_STATUSES];

/**
 * Both batch statements run as named prepared statements: fixed text, run for every batch. Besides
 * parsing, that spares Postgres the custom plan of each call, which folds the batch parameter into
 * the plan as a constant and copies it (the json of 1,000 rows is ~0.8 MB): in a profile of the
 * upsert's backend, planning was ~10% of its CPU and the page faults of such copies more. After
 * five runs Postgres keeps a generic plan of the same shape (the per-key probes are fixed by the
 * text, see worklist-upsert.sql.ts).
 */
const PREPARED = { prepare: true } as const;

/**
 * Upserts one batch of a source in ONE statement (`INSERT … SELECT FROM unnest(…) ON CONFLICT`).
 *
 * - An unchanged row (same change hash, not cancelled) is not written at all: no new tuple, same
 *   `row_version`, `updated_at` and `xmin`.
 * - The source owns demographics and schedule; a status set by MPPS (STARTED, COMPLETED,
 *   DISCONTINUED) is never replaced; StudyInstanceUID, accession number, requested procedure ID and
 *   SPS ID are written on insert only.
 * - A source status CANCELED cancels the row (`cancelled_at` set); any other status on a cancelled
 *   row reactivates it (`cancelled_at` cleared), even when its content did not change.
 * - `last_seen_at` moves on every write; an unchanged row keeps it (see the writer's reconcile).
 * - The keys' rejections are deleted in the same statement: a key that is on the worklist is not
 *   rejected.
 *
 * Keys must be unique within `rows` (Postgres refuses to update one row twice in a statement).
 */
export async function upsertWorklistRows(
  db: DbClient,
  source: string,
  rows: readonly WorklistRowInput[],
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, reactivated: 0 };
  const [result] = await sqlRunnerOf(db)<{ inserted: number; updated: number; reactivated: number }>(
    UPSERT_SQL,
    [source, upsertInputJson(rows), MPPS_OWNED],
    PREPARED,
  );
  const inserted = result?.inserted ?? 0;
  const updated = result?.updated ?? 0;
  return {
    inserted,
    updated,
    unchanged: rows.length - inserted - updated,
    reactivated: result?.reactivated ?? 0,
  };
}

/**
 * The keys among `sourceKeys` whose stored row has the same change hash and is active: what an
 * upsert would leave untouched. Their rejections are cleared, as the upsert would (a key that is on
 * the worklist is not rejected). One index lookup per key; the writer calls it before it reads the
 * entries. A cancelled row never counts (reactivating it is a write), so the full upsert decides.
 */
export async function findUnchangedKeys(
  db: DbClient,
  source: string,
  sourceKeys: readonly string[],
  changeHashes: readonly string[],
): Promise<Set<string>> {
  if (sourceKeys.length === 0) return new Set();
  const rows = await sqlRunnerOf(db)<{ source_key: string }>(
    UNCHANGED_KEYS_SQL,
    [source, sourceKeys, changeHashes],
    PREPARED,
  );
  return new Set(rows.map((row) => row.source_key));
}

const STUDY_UID_CONSTRAINT = 'worklist_item_study_instance_uid_key';

/**
 * Whether `error` is a batch refused because a StudyInstanceUID is already held by another item
 * (only possible when a source supplies its own UIDs). The writer then stores the batch row by row
 * and turns the conflicting entries into rejections.
 */
export function isStudyInstanceUidConflict(error: unknown): boolean {
  // On the pool directly: pg's own error. Through Prisma: the driver's, wrapped.
  const direct = error as { code?: unknown; constraint?: unknown } | null;
  if (direct?.code === '23505' && direct.constraint === STUDY_UID_CONSTRAINT) return true;
  const meta = (error as { meta?: unknown } | null)?.meta as
    | { driverAdapterError?: { cause?: { originalCode?: string; constraint?: { index?: string } } } }
    | undefined;
  const cause = meta?.driverAdapterError?.cause;
  return cause?.originalCode === '23505' && cause.constraint?.index === STUDY_UID_CONSTRAINT;
}
