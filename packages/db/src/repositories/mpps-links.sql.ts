import type { MppsLinkFinder, MppsLinkLookup, MppsPatientLookup } from '@mwl/domain';
import { HIDDEN_BY_DEFAULT_STATUSES, MPPS_OWNED_STATUSES } from '@mwl/domain';
import type { DbClient } from './db-client.ts';
import { sqlRunnerOf } from './direct-sql.ts';

/** At most this many items per lookup: a reference never links an unbounded number of steps. */
const MAX_ITEMS_PER_LOOKUP = 20;
/** Fixed texts, keyed lookups: parsed and planned once per connection. */
const PREPARED = { prepare: true };
/** Statuses a step may not have to be linked through the patient fallback (it is no longer "active"). */
const NOT_ACTIVE: string[] = [...new Set([...MPPS_OWNED_STATUSES, ...HIDDEN_BY_DEFAULT_STATUSES])];

/** The ids a Study Instance UID + SPS ID reference finds (bigint); also part of an N-CREATE (mpps.sql.ts). */
export const studySpsLookup = (studyParam: string, spsParam: string): string =>
  `SELECT id FROM worklist_item WHERE study_instance_uid = ${studyParam} AND sps_id = ${spsParam}
    ORDER BY id LIMIT ${MAX_ITEMS_PER_LOOKUP}`;
const BY_STUDY_AND_SPS = `SELECT id::text AS id FROM (${studySpsLookup('$1', '$2')}) AS found`;
const BY_ACCESSION_AND_RP = `SELECT id::text AS id FROM worklist_item
  WHERE accession_number = $1 AND requested_procedure_id = $2 ORDER BY id LIMIT ${MAX_ITEMS_PER_LOOKUP}`;
// Two rows are enough to know the answer is ambiguous.
const BY_PATIENT = `SELECT id::text AS id FROM worklist_item
  WHERE patient_id = $1 AND sps_start_date = $2 AND scheduled_station_ae_title = $3
    AND cancelled_at IS NULL AND status <> ALL($4::text[])
  ORDER BY id LIMIT 2`;

/**
 * The lookups of `resolveMppsLinks` (@mwl/domain) as queries on worklist_item, on the client's
 * pool when it has one (direct-sql.ts). Ids are read as text and made bigints here, so both paths
 * give the same values.
 */
export function createMppsLinkFinder(db: DbClient): MppsLinkFinder {
  const run = sqlRunnerOf(db);
  const ids = async (text: string, values: readonly unknown[]) =>
    (await run<{ id: string }>(text, values, PREPARED)).map((row) => BigInt(row.id));
  return {
    step(lookup: MppsLinkLookup) {
      return lookup.method === 'study-sps'
        ? ids(BY_STUDY_AND_SPS, [lookup.studyInstanceUid, lookup.spsId])
        : ids(BY_ACCESSION_AND_RP, [lookup.accessionNumber, lookup.requestedProcedureId]);
    },
    patient(lookup: MppsPatientLookup) {
      return ids(BY_PATIENT, [lookup.patientId, lookup.date, lookup.stationAeTitle, NOT_ACTIVE]);
    },
  };
}
