import type { WorklistRowInput } from './worklist-upsert.repository.ts';

/*
 * The writer's two batch statements, as text with `$n` parameters: they run on the pool directly
 * or through Prisma (see direct-sql.ts), the same text either way.
 *
 * The stored row of a key is read with `CROSS JOIN LATERAL (… LIMIT 1)`: always one probe of the
 * (source, source_key) index per key. `LIMIT 1` keeps the planner from flattening it into a join,
 * which it plans from statistics; right after a bulk load those say the source has no rows, and the
 * join it then picks (hash the whole source) cost 125 ms instead of 2.5 ms per 1,000 keys at
 * 100,000 rows.
 */

/** $1 source, $2 source keys (text[]), $3 their change hashes (text[]). */
export const UNCHANGED_KEYS_SQL = `
    WITH unchanged AS (
      SELECT i.source_key
      FROM unnest($2::text[], $3::text[]) AS i(source_key, change_hash)
      CROSS JOIN LATERAL (
        SELECT change_hash, cancelled_at FROM worklist_item
        WHERE source = $1 AND source_key = i.source_key LIMIT 1
      ) w
      WHERE w.change_hash = i.change_hash AND w.cancelled_at IS NULL
    ),
    cleared AS (
      DELETE FROM rejection r USING unchanged u WHERE r.source = $1 AND r.source_key = u.source_key
    )
    SELECT source_key FROM unchanged`;

/** The columns of `upsertInputJson`'s objects, as `json_to_recordset` reads them. */
const INPUT_COLUMNS = `
  source_key text, change_hash text, patient_name text, patient_id text, issuer_of_patient_id text,
  patient_birth_date text, patient_sex text, patient_weight_kg float8, patient_size_m float8,
  accession_number text, study_instance_uid text, requested_procedure_id text,
  requested_procedure_description text, study_description text, referring_physician_name text,
  sps_id text, sps_description text, protocol_code_value text, protocol_coding_scheme text,
  protocol_code_meaning text, modality text, scheduled_station_ae_title text,
  scheduled_station_name text, scheduled_performing_physician text, sps_start_date text,
  sps_start_time text, sps_start_at timestamptz, timezone text, duration_minutes int4, status text,
  extra jsonb`;

/**
 * What the insert takes from each input row, in INPUT_COLUMNS' order. An empty `extra` (most
 * entries) arrives absent and is stored as `{}`: Postgres's jsonb input of `{}` cost ~5 µs a row
 * (7% of the statement's CPU for a 1,000-row insert).
 */
const INSERTED_VALUES = INPUT_COLUMNS.split(',')
  .map((column) => column.trim().split(' ')[0]!)
  .map((name) => (name === 'extra' ? `coalesce(i.extra, '{}')` : `i.${name}`))
  .join(', ');

/** $1 source, $2 the rows (`upsertInputJson`), $3 the statuses MPPS owns (text[]). */
export const UPSERT_SQL = `
    WITH input AS (
      SELECT * FROM json_to_recordset($2::json) AS t(${INPUT_COLUMNS})
    ),
    prior AS (
      SELECT i.source_key, w.cancelled_at IS NOT NULL AS was_cancelled,
             w.change_hash = i.change_hash
               AND (w.cancelled_at IS NULL OR i.status = 'CANCELED' OR w.status = ANY($3::text[]))
               AS unchanged
      FROM input i CROSS JOIN LATERAL (SELECT change_hash, cancelled_at, status FROM worklist_item
        WHERE source = $1 AND source_key = i.source_key LIMIT 1) w
    ),
    cleared AS (
      DELETE FROM rejection r USING input i WHERE r.source = $1 AND r.source_key = i.source_key
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
      SELECT $1, ${INSERTED_VALUES}, CASE WHEN i.status = 'CANCELED' THEN now() END, now(), now(), now()
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
        status = CASE WHEN w.status = ANY($3::text[]) THEN w.status ELSE excluded.status END,
        cancelled_at = CASE
          WHEN w.status = ANY($3::text[]) THEN w.cancelled_at
          WHEN excluded.status = 'CANCELED' THEN coalesce(w.cancelled_at, now())
        END,
        row_version = w.row_version + 1,
        last_seen_at = now(),
        updated_at = now()
      WHERE w.change_hash IS DISTINCT FROM excluded.change_hash
         OR (w.cancelled_at IS NOT NULL AND excluded.status <> 'CANCELED'
             AND w.status <> ALL($3::text[]))
      RETURNING w.source_key, (w.xmax = 0) AS inserted, w.cancelled_at IS NULL AS active
    )
    SELECT count(*) FILTER (WHERE written.inserted)::int AS inserted,
           count(*) FILTER (WHERE NOT written.inserted)::int AS updated,
           count(*) FILTER (WHERE NOT written.inserted AND prior.was_cancelled AND written.active)::int
             AS reactivated
    FROM written LEFT JOIN prior USING (source_key)`;

function isEmpty(record: Readonly<Record<string, string>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
}

/**
 * The batch as ONE json parameter, one object per row (column → value; absent means NULL). One
 * string is far cheaper to hand to the driver than 31 parameter arrays, and Postgres reads it
 * with `json_to_recordset` in about a millisecond per thousand rows.
 */
export function upsertInputJson(rows: readonly WorklistRowInput[]): string {
  return JSON.stringify(
    rows.map(({ entry: e, changeHash, identifiers: ids }) => ({
      source_key: e.sourceKey,
      change_hash: changeHash,
      patient_name: e.patientName,
      patient_id: e.patientId,
      issuer_of_patient_id: e.issuerOfPatientId,
      patient_birth_date: e.patientBirthDate,
      patient_sex: e.patientSex,
      patient_weight_kg: e.patientWeightKg,
      patient_size_m: e.patientSizeM,
      accession_number: ids.accessionNumber,
      study_instance_uid: ids.studyInstanceUid,
      requested_procedure_id: ids.requestedProcedureId,
      requested_procedure_description: e.requestedProcedureDescription,
      study_description: e.studyDescription,
      referring_physician_name: e.referringPhysicianName,
      sps_id: ids.spsId,
      sps_description: e.spsDescription,
      protocol_code_value: e.protocolCode?.value,
      protocol_coding_scheme: e.protocolCode?.scheme,
      protocol_code_meaning: e.protocolCode?.meaning,
      modality: e.modality,
      scheduled_station_ae_title: e.scheduledStationAeTitle,
      scheduled_station_name: e.scheduledStationName,
      scheduled_performing_physician: e.scheduledPerformingPhysician,
      sps_start_date: e.spsStartDate,
      sps_start_time: e.spsStartTime,
      sps_start_at: e.spsStartAt,
      timezone: e.timezone,
      duration_minutes: e.durationMinutes,
      status: e.status,
      extra: isEmpty(e.extra) ? undefined : e.extra,
    })),
  );
}
