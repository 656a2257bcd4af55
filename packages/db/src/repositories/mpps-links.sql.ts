import type { MppsLinkFinder, MppsLinkLookup, MppsPatientLookup } from '@mwl/domain';
import { HIDDEN_BY_DEFAULT_STATUSES, MPPS_OWNED_STATUSES } from '@mwl/domain';
import { Prisma } from '../generated/client.ts';
import type { DbClient } from './db-client.ts';

/** At most this many items per lookup: a reference never links an unbounded number of steps. */
const MAX_ITEMS_PER_LOOKUP = 20;
/** Statuses a step may not have to be linked through the patient fallback (it is no longer "active"). */
const NOT_ACTIVE: string[] = [...new Set([...MPPS_OWNED_STATUSES, ...HIDDEN_BY_DEFAULT_STATUSES])];

/** The lookups of `resolveMppsLinks` (@mwl/domain) as queries on worklist_item. */
export function createMppsLinkFinder(db: DbClient): MppsLinkFinder {
  return {
    async step(lookup: MppsLinkLookup) {
      const where =
        lookup.method === 'study-sps'
          ? Prisma.sql`study_instance_uid = ${lookup.studyInstanceUid} AND sps_id = ${lookup.spsId}`
          : Prisma.sql`accession_number = ${lookup.accessionNumber}
              AND requested_procedure_id = ${lookup.requestedProcedureId}`;
      const rows = await db.$queryRaw<{ id: bigint }[]>`
        SELECT id FROM worklist_item WHERE ${where} ORDER BY id LIMIT ${MAX_ITEMS_PER_LOOKUP}`;
      return rows.map((row) => row.id);
    },
    async patient(lookup: MppsPatientLookup) {
      // Two rows are enough to know the answer is ambiguous.
      const rows = await db.$queryRaw<{ id: bigint }[]>`
        SELECT id FROM worklist_item
        WHERE patient_id = ${lookup.patientId} AND sps_start_date = ${lookup.date}
          AND scheduled_station_ae_title = ${lookup.stationAeTitle}
          AND cancelled_at IS NULL AND status <> ALL(${NOT_ACTIVE}::text[])
        ORDER BY id LIMIT 2`;
      return rows.map((row) => row.id);
    },
  };
}
