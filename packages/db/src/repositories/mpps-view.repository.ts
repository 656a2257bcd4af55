import type { DbClient } from './db-client.ts';

/** An MPPS as `query` shows it: no patient values beyond what the worklist row already shows. */
export interface MppsView {
  sopInstanceUid: string;
  status: string;
  performedStationAeTitle: string | null;
  callingAeTitle: string | null;
  startDate: string | null;
  startTime: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

export interface LinkedMppsView extends MppsView {
  worklistItemId: bigint;
  /** study-sps | accession-rp | patient */
  linkedBy: string;
}

const VIEW_COLUMNS = `m.sop_instance_uid AS "sopInstanceUid", m.status, m.performed_station_ae_title AS "performedStationAeTitle",
  m.calling_ae_title AS "callingAeTitle", m.attributes->>'PerformedProcedureStepStartDate' AS "startDate",
  m.attributes->>'PerformedProcedureStepStartTime' AS "startTime", m.started_at AS "startedAt", m.ended_at AS "endedAt"`;

/** The MPPS linked to these worklist items, oldest first per item. */
export async function listMppsOfItems(db: DbClient, itemIds: readonly bigint[]): Promise<LinkedMppsView[]> {
  if (itemIds.length === 0) return [];
  return db.$queryRawUnsafe<LinkedMppsView[]>(
    `SELECT l.worklist_item_id AS "worklistItemId", l.linked_by AS "linkedBy", ${VIEW_COLUMNS}
     FROM mpps_worklist_link l JOIN mpps_instance m ON m.sop_instance_uid = l.mpps_uid
     WHERE l.worklist_item_id = ANY($1::bigint[])
     ORDER BY l.worklist_item_id, m.created_at, m.sop_instance_uid`,
    itemIds.map(String),
  );
}

/**
 * MPPS linked to no worklist item (unscheduled scans), by PPS start date (DA, inclusive bounds),
 * newest first, at most `limit`.
 */
export async function listUnlinkedMpps(
  db: DbClient,
  options: { from?: string; to?: string; limit: number },
): Promise<MppsView[]> {
  return db.$queryRawUnsafe<MppsView[]>(
    `SELECT ${VIEW_COLUMNS}
     FROM mpps_instance m
     WHERE NOT EXISTS (SELECT 1 FROM mpps_worklist_link l WHERE l.mpps_uid = m.sop_instance_uid)
       AND ($1::text IS NULL OR m.attributes->>'PerformedProcedureStepStartDate' >= $1::text)
       AND ($2::text IS NULL OR m.attributes->>'PerformedProcedureStepStartDate' <= $2::text)
     ORDER BY m.created_at DESC, m.sop_instance_uid
     LIMIT $3::int`,
    options.from ?? null,
    options.to ?? null,
    options.limit,
  );
}
