import { MPPS_OWNED_STATUSES, type AssignedIdentifiers, type WorklistEntry } from '@mwl/domain';
import { Prisma } from '../generated/client.ts';
import type { DbClient } from './db-client.ts';

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
  const [result] = await db.$queryRaw<{ inserted: number; updated: number; reactivated: number }[]>(
    upsertStatement(source, rows),
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

/** The one statement of `upsertWorklistRows`. */
function upsertStatement(source: string, rows: readonly WorklistRowInput[]): Prisma.Sql {
  const col = <T>(pick: (row: WorklistRowInput) => T | undefined) => rows.map((row) => pick(row) ?? null);
  return Prisma.sql`
    WITH input AS (
      SELECT * FROM unnest(
        ${col((r) => r.entry.sourceKey)}::text[], ${col((r) => r.changeHash)}::text[],
        ${col((r) => r.entry.patientName)}::text[], ${col((r) => r.entry.patientId)}::text[],
        ${col((r) => r.entry.issuerOfPatientId)}::text[], ${col((r) => r.entry.patientBirthDate)}::text[],
        ${col((r) => r.entry.patientSex)}::text[], ${col((r) => r.entry.patientWeightKg)}::float8[],
        ${col((r) => r.entry.patientSizeM)}::float8[], ${col((r) => r.identifiers.accessionNumber)}::text[],
        ${col((r) => r.identifiers.studyInstanceUid)}::text[],
        ${col((r) => r.identifiers.requestedProcedureId)}::text[],
        ${col((r) => r.entry.requestedProcedureDescription)}::text[],
        ${col((r) => r.entry.studyDescription)}::text[], ${col((r) => r.entry.referringPhysicianName)}::text[],
        ${col((r) => r.identifiers.spsId)}::text[], ${col((r) => r.entry.spsDescription)}::text[],
        ${col((r) => r.entry.protocolCode?.value)}::text[], ${col((r) => r.entry.protocolCode?.scheme)}::text[],
        ${col((r) => r.entry.protocolCode?.meaning)}::text[], ${col((r) => r.entry.modality)}::text[],
        ${col((r) => r.entry.scheduledStationAeTitle)}::text[], ${col((r) => r.entry.scheduledStationName)}::text[],
        ${col((r) => r.entry.scheduledPerformingPhysician)}::text[], ${col((r) => r.entry.spsStartDate)}::text[],
        ${col((r) => r.entry.spsStartTime)}::text[], ${col((r) => r.entry.spsStartAt)}::timestamptz[],
        ${col((r) => r.entry.timezone)}::text[], ${col((r) => r.entry.durationMinutes)}::int4[],
        ${col((r) => r.entry.status)}::text[], ${col((r) => JSON.stringify(r.entry.extra))}::jsonb[]
      ) AS t(
        source_key, change_hash, patient_name, patient_id, issuer_of_patient_id, patient_birth_date,
        patient_sex, patient_weight_kg, patient_size_m, accession_number, study_instance_uid,
        requested_procedure_id, requested_procedure_description, study_description,
        referring_physician_name, sps_id, sps_description, protocol_code_value, protocol_coding_scheme,
        protocol_code_meaning, modality, scheduled_station_ae_title, scheduled_station_name,
        scheduled_performing_physician, sps_start_date, sps_start_time, sps_start_at, timezone,
        duration_minutes, status, extra
      )
    ),
    prior AS (
      SELECT w.source_key, w.cancelled_at IS NOT NULL AS was_cancelled,
             w.change_hash = i.change_hash
               AND (w.cancelled_at IS NULL OR i.status = 'CANCELED' OR w.status = ANY(${MPPS_OWNED}::text[]))
               AS unchanged
      FROM worklist_item w JOIN input i ON i.source_key = w.source_key
      WHERE w.source = ${source}
    ),
    cleared AS (
      DELETE FROM rejection r USING input i WHERE r.source = ${source} AND r.source_key = i.source_key
    ),
    written AS (
      INSERT INTO worklist_item AS w (
        source, source_key, change_hash, patient_name, patient_id, issuer_of_patient_id,
        patient_birth_date, patient_sex, patient_weight_kg, patient_size_m, accession_number,
        study_instance_uid, requested_procedure_id, requested_procedure_description, study_description,
        referring_physician_name, sps_id, sps_description, protocol_code_value, protocol_coding_scheme,
        protocol_code_meaning, modality, scheduled_station_ae_title, scheduled_station_name,
        scheduled_performing_physician, sps_start_date, sps_start_time, sps_start_at, timezone,
        duration_minutes, status, extra, cancelled_at, last_seen_at, created_at, updated_at
      )
      SELECT ${source}, i.*, CASE WHEN i.status = 'CANCELED' THEN now() END, now(), now(), now()
      FROM input i LEFT JOIN prior p USING (source_key)
      -- Unchanged rows never reach ON CONFLICT: no row lock, no WAL, a pure index read.
      WHERE p.unchanged IS NOT TRUE
      ON CONFLICT (source, source_key) DO UPDATE SET
        change_hash = excluded.change_hash,
        patient_name = excluded.patient_name,
        patient_id = excluded.patient_id,
        issuer_of_patient_id = excluded.issuer_of_patient_id,
        patient_birth_date = excluded.patient_birth_date,
        patient_sex = excluded.patient_sex,
        patient_weight_kg = excluded.patient_weight_kg,
        patient_size_m = excluded.patient_size_m,
        requested_procedure_description = excluded.requested_procedure_description,
        study_description = excluded.study_description,
        referring_physician_name = excluded.referring_physician_name,
        sps_description = excluded.sps_description,
        protocol_code_value = excluded.protocol_code_value,
        protocol_coding_scheme = excluded.protocol_coding_scheme,
        protocol_code_meaning = excluded.protocol_code_meaning,
        modality = excluded.modality,
        scheduled_station_ae_title = excluded.scheduled_station_ae_title,
        scheduled_station_name = excluded.scheduled_station_name,
        scheduled_performing_physician = excluded.scheduled_performing_physician,
        sps_start_date = excluded.sps_start_date,
        sps_start_time = excluded.sps_start_time,
        sps_start_at = excluded.sps_start_at,
        timezone = excluded.timezone,
        duration_minutes = excluded.duration_minutes,
        extra = excluded.extra,
        status = CASE WHEN w.status = ANY(${MPPS_OWNED}::text[]) THEN w.status ELSE excluded.status END,
        cancelled_at = CASE
          WHEN w.status = ANY(${MPPS_OWNED}::text[]) THEN w.cancelled_at
          WHEN excluded.status = 'CANCELED' THEN coalesce(w.cancelled_at, now())
        END,
        row_version = w.row_version + 1,
        last_seen_at = now(),
        updated_at = now()
      WHERE w.change_hash IS DISTINCT FROM excluded.change_hash
         OR (w.cancelled_at IS NOT NULL AND excluded.status <> 'CANCELED'
             AND w.status <> ALL(${MPPS_OWNED}::text[]))
      RETURNING w.source_key, (w.xmax = 0) AS inserted, w.cancelled_at IS NULL AS active
    )
    SELECT count(*) FILTER (WHERE written.inserted)::int AS inserted,
           count(*) FILTER (WHERE NOT written.inserted)::int AS updated,
           count(*) FILTER (WHERE NOT written.inserted AND prior.was_cancelled AND written.active)::int
             AS reactivated
    FROM written LEFT JOIN prior USING (source_key)`;
}

const STUDY_UID_CONSTRAINT = 'worklist_item_study_instance_uid_key';

/**
 * Whether `error` is a batch refused because a StudyInstanceUID is already held by another item
 * (only possible when a source supplies its own UIDs). The writer then stores the batch row by row
 * and turns the conflicting entries into rejections.
 */
export function isStudyInstanceUidConflict(error: unknown): boolean {
  const meta = (error as { code?: unknown; meta?: unknown } | null)?.meta as
    | { driverAdapterError?: { cause?: { originalCode?: string; constraint?: { index?: string } } } }
    | undefined;
  const cause = meta?.driverAdapterError?.cause;
  return cause?.originalCode === '23505' && cause.constraint?.index === STUDY_UID_CONSTRAINT;
}
