import { studySpsLookup } from './mpps-links.sql.ts';

/**
 * The statements of the MPPS repository (mpps.repository.ts). Every write is one statement
 * (data-modifying CTEs); all are run prepared.
 */

/**
 * N-CREATE: the instance, its links and the linked steps' status, in one statement ($1–$6 the
 * instance, $9 the status its steps get). `links` is where the links come from: one row of scalars
 * for the usual single step, arrays otherwise. Two texts because a prepared statement keeps its
 * generic plan only when that costs no more than a planned one, and the planner costs an array
 * parameter as ten elements (ten times the update): with arrays the statement was planned again on
 * every call. With `lookup`, the links are what that query finds (`found`), and the instance is
 * inserted only if it found any (the caller then resolves the links the general way); the
 * statement also returns the ids found.
 */
function createStatement(links: string, lookup?: string): string {
  const instance =
    lookup === undefined
      ? 'VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb, now())'
      : 'SELECT $1, $2, $3, $4, $5::timestamptz, $6::jsonb, now() WHERE EXISTS (SELECT FROM found)';
  return `
  WITH ${lookup === undefined ? '' : `found AS (${lookup}), `}ins AS (
    INSERT INTO mpps_instance (sop_instance_uid, status, performed_station_ae_title, calling_ae_title,
      started_at, attributes, updated_at)
    ${instance}
    ON CONFLICT (sop_instance_uid) DO NOTHING
    RETURNING sop_instance_uid, version
  ), linked AS (
    INSERT INTO mpps_worklist_link (mpps_uid, worklist_item_id, linked_by)
    SELECT ins.sop_instance_uid, l.id, l.method
    FROM ins, ${links} AS l(id, method)
    RETURNING worklist_item_id
  ), started AS (
    UPDATE worklist_item SET status = $9, row_version = row_version + 1, updated_at = now()
    WHERE id IN (SELECT worklist_item_id FROM linked)
    RETURNING id
  )
  SELECT (SELECT count(*) FROM ins)::int AS created, (SELECT version FROM ins) AS version,
    (SELECT count(*) FROM started)::int AS started${
      lookup === undefined ? '' : ',\n    ARRAY(SELECT id::text FROM found ORDER BY id) AS found'
    }`;
}

export const CREATE_WITH_ONE_LINK = createStatement('(VALUES ($7::bigint, $8::text))');
export const CREATE_WITH_LINKS = createStatement('unnest($7::bigint[], $8::text[])');
/**
 * The usual N-CREATE, one Scheduled Step Attributes item with Study Instance UID ($7) and SPS ID
 * ($8): its lookup and the insert in one statement, one round trip fewer. Links exactly what
 * `resolveMppsLinks` would (that reference's first lookup, when it finds items).
 */
export const CREATE_LINKED_BY_STUDY_SPS = createStatement(
  `(SELECT id, 'study-sps' FROM found)`,
  studySpsLookup('$7', '$8'),
);

export const READ = 'SELECT status, attributes, version FROM mpps_instance WHERE sop_instance_uid = $1';

/** N-SET: the instance if still at the version read, and its linked steps' final status. */
export const UPDATE = `
  WITH upd AS (
    UPDATE mpps_instance SET status = $1, attributes = $2::jsonb,
      ended_at = $3::timestamptz, version = version + 1, updated_at = now()
    WHERE sop_instance_uid = $4 AND version = $5
    RETURNING sop_instance_uid
  ), items AS (
    UPDATE worklist_item w SET status = $6::text, row_version = w.row_version + 1, updated_at = now()
    FROM mpps_worklist_link l, upd
    WHERE $6::text IS NOT NULL AND l.mpps_uid = upd.sop_instance_uid AND w.id = l.worklist_item_id
    RETURNING w.id
  )
  SELECT (SELECT count(*) FROM upd)::int AS updated, (SELECT count(*) FROM items)::int AS items`;
