import {
  planMppsLinks,
  resolveMppsLinks,
  spsStatusForMpps,
  type MppsCreated,
  type MppsDataset,
  type MppsLink,
  type MppsSetDecision,
  type MppsState,
  type MppsStatus,
} from '@mwl/domain';
import { MppsUpdateContentionError } from '../errors.ts';
import type { PrismaClient } from '../generated/client.ts';
import { sqlRunnerOf } from './direct-sql.ts';
import { createMppsLinkFinder } from './mpps-links.sql.ts';
import { createMppsStateCache, type WrittenMppsState } from './mpps-state-cache.ts';

/**
 * MPPS instances keyed by SOP Instance UID, with their links to worklist items and the SPS status
 * they set on them. Every write is one statement (data-modifying CTEs), so the instance, its links
 * and the worklist status change together or not at all:
 * - `create`: a second N-CREATE of a UID finds the primary key taken (`ON CONFLICT DO NOTHING`)
 *   and is reported `duplicate`, also when two arrive at once;
 * - `update`: optimistic on `version`: the decision is made on the state read, and applied only if
 *   no other N-SET changed the instance meanwhile (otherwise read and decide again). The state this
 *   process wrote last stands in for the read when it has it (mpps-state-cache.ts); any answer but
 *   a successful write is then decided again on the stored state.
 * The statements are prepared (parsed and planned once per connection): an MPPS pair is four short
 * statements, and planning the CTEs was a third of Postgres's CPU for it in bench:mpps.
 * Statuses set on linked items: IN PROGRESS → STARTED, COMPLETED, DISCONTINUED (the writer's
 * upsert never moves these back).
 */

export interface MppsCreateInput {
  sopInstanceUid: string;
  created: MppsCreated;
  /** The N-CREATE data set, for the link rules. */
  dataset: MppsDataset;
  callingAeTitle: string;
  startedAt: Date | null;
}

export type MppsCreateResult = { outcome: 'created'; links: MppsLink[] } | { outcome: 'duplicate' };

export type MppsUpdateResult =
  | { outcome: 'not-found' }
  | { outcome: 'refused'; decision: Extract<MppsSetDecision, { ok: false }> }
  | { outcome: 'updated'; status: MppsStatus; ignored: string[]; itemsUpdated: number };

export interface MppsRepository {
  create(input: MppsCreateInput): Promise<MppsCreateResult>;
  /** `decide` is called with the stored state (more than once if a concurrent N-SET won). */
  update(
    sopInstanceUid: string,
    decide: (state: MppsState) => MppsSetDecision,
    endedAt: (decision: Extract<MppsSetDecision, { ok: true }>) => Date | null,
  ): Promise<MppsUpdateResult>;
  get(sopInstanceUid: string): Promise<MppsState | undefined>;
}

const MAX_UPDATE_ATTEMPTS = 5;
const PREPARED = { prepare: true };

/**
 * N-CREATE: the instance, its links and the linked steps' status, in one statement. `links` is
 * where the links come from: one row of scalars for the usual single step, arrays otherwise. Two
 * texts because a prepared statement keeps its generic plan only when that costs no more than a
 * planned one, and the planner costs an array parameter as ten elements (ten times the update):
 * with arrays the statement was planned again on every call.
 */
const createStatement = (links: string) => `
  WITH ins AS (
    INSERT INTO mpps_instance (sop_instance_uid, status, performed_station_ae_title, calling_ae_title,
      started_at, attributes, updated_at)
    VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb, now())
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
    (SELECT count(*) FROM started)::int AS started`;
const CREATE_WITH_ONE_LINK = createStatement('(VALUES ($7::bigint, $8::text))');
const CREATE_WITH_LINKS = createStatement('unnest($7::bigint[], $8::text[])');

const READ = 'SELECT status, attributes, version FROM mpps_instance WHERE sop_instance_uid = $1';

/** N-SET: the instance if still at the version read, and its linked steps' final status. */
const UPDATE = `
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

export function createMppsRepository(prisma: PrismaClient): MppsRepository {
  const finder = createMppsLinkFinder(prisma);
  // On the client's pool when it has one (direct-sql.ts): Prisma's raw-query path was ~14% of the
  // gateway's CPU in bench:mpps. The statements' columns come back alike either way.
  const run = sqlRunnerOf(prisma);
  const written = createMppsStateCache();

  async function create(input: MppsCreateInput): Promise<MppsCreateResult> {
    const links = await resolveMppsLinks(planMppsLinks(input.dataset), finder);
    const ids = links.map((link) => String(link.worklistItemId));
    const methods = links.map((link) => link.method);
    const one = links.length === 1;
    const started = spsStatusForMpps('IN PROGRESS');
    const attributes = JSON.stringify(input.created.attributes);
    const [row] = await run<{ created: number; version: number }>(
      one ? CREATE_WITH_ONE_LINK : CREATE_WITH_LINKS,
      [
        input.sopInstanceUid,
        input.created.status,
        input.created.performedStationAeTitle,
        input.callingAeTitle,
        input.startedAt,
        attributes,
        one ? ids[0] : ids,
        one ? methods[0] : methods,
        started,
      ],
      PREPARED,
    );
    if (row?.created !== 1) return { outcome: 'duplicate' };
    // As a read would give it: the attributes as stored (JSON), not the caller's object.
    written.remember(input.sopInstanceUid, {
      state: { status: input.created.status, attributes: JSON.parse(attributes) as MppsState['attributes'] },
      version: row.version,
    });
    return { outcome: 'created', links };
  }

  async function read(sopInstanceUid: string): Promise<WrittenMppsState | undefined> {
    const [row] = await run<{ status: string; attributes: unknown; version: number }>(
      READ,
      [sopInstanceUid],
      PREPARED,
    );
    if (!row) return undefined;
    const attributes =
      typeof row.attributes === 'object' && row.attributes !== null && !Array.isArray(row.attributes)
        ? (row.attributes as Record<string, unknown>)
        : {};
    return { state: { status: row.status, attributes }, version: row.version };
  }

  async function update(
    sopInstanceUid: string,
    decide: (state: MppsState) => MppsSetDecision,
    endedAt: (decision: Extract<MppsSetDecision, { ok: true }>) => Date | null,
  ): Promise<MppsUpdateResult> {
    let remembered = written.take(sopInstanceUid);
    for (let attempt = 1; ; attempt++) {
      const stored = remembered ?? (await read(sopInstanceUid));
      const fromMemory = remembered !== undefined;
      remembered = undefined;
      if (!stored) return { outcome: 'not-found' };
      const decision = decide(stored.state);
      if (!decision.ok) {
        // A refusal must rest on the stored state: another process may have moved it on.
        if (fromMemory) continue;
        return { outcome: 'refused', decision };
      }
      const { updated } = decision;
      const spsStatus = updated.final ? spsStatusForMpps(updated.status) : null;
      const attributes = JSON.stringify(updated.attributes);
      const [row] = await run<{ updated: number; items: number }>(
        UPDATE,
        [updated.status, attributes, endedAt(decision), sopInstanceUid, stored.version, spsStatus],
        PREPARED,
      );
      if (row?.updated === 1) {
        if (!updated.final) {
          written.remember(sopInstanceUid, {
            state: { status: updated.status, attributes: JSON.parse(attributes) as MppsState['attributes'] },
            version: stored.version + 1,
          });
        }
        return {
          outcome: 'updated',
          status: updated.status,
          ignored: updated.ignored,
          itemsUpdated: row.items,
        };
      }
      if (attempt >= MAX_UPDATE_ATTEMPTS) throw new MppsUpdateContentionError(MAX_UPDATE_ATTEMPTS);
    }
  }

  return {
    create,
    update,
    async get(sopInstanceUid) {
      return (await read(sopInstanceUid))?.state;
    },
  };
}
