import {
  planMppsLinks,
  resolveMppsLinks,
  spsStatusForMpps,
  type MppsCreated,
  type MppsDataset,
  type MppsLink,
  type MppsLinkPlan,
  type MppsSetDecision,
  type MppsState,
  type MppsStatus,
} from '@mwl/domain';
import { MppsUpdateContentionError } from '../errors.ts';
import type { PrismaClient } from '../generated/client.ts';
import { sqlRunnerOf } from './direct-sql.ts';
import { createMppsLinkFinder } from './mpps-links.sql.ts';
import {
  CREATE_LINKED_BY_STUDY_SPS,
  CREATE_WITH_LINKS,
  CREATE_WITH_ONE_LINK,
  READ,
  UPDATE,
} from './mpps.sql.ts';
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
 * The statements are prepared (parsed and planned once per connection; planning the CTEs was a
 * third of Postgres's CPU per pair in bench:mpps). The usual pair is two of them: an N-CREATE
 * whose one step reference finds its step by Study Instance UID + SPS ID looks it up in the same
 * statement, and its N-SET starts from the remembered state.
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

/** What an N-CREATE statement returns. */
interface CreatedRow {
  created: number;
  version: number;
}
const PREPARED = { prepare: true };

export function createMppsRepository(prisma: PrismaClient): MppsRepository {
  const finder = createMppsLinkFinder(prisma);
  // On the client's pool when it has one (direct-sql.ts): Prisma's raw-query path was ~14% of the
  // gateway's CPU in bench:mpps. The statements' columns come back alike either way.
  const run = sqlRunnerOf(prisma);
  const written = createMppsStateCache();

  /** The usual N-CREATE in one statement (mpps.sql.ts); undefined when the general way must decide. */
  async function createLinkedInOneStatement(
    plan: MppsLinkPlan,
    instance: unknown[],
    started: string,
  ): Promise<{ row: CreatedRow; links: MppsLink[] } | undefined> {
    const lookup = plan.steps.length === 1 ? plan.steps[0]?.lookups[0] : undefined;
    if (lookup?.method !== 'study-sps') return undefined;
    const [row] = await run<CreatedRow & { found: string[] }>(
      CREATE_LINKED_BY_STUDY_SPS,
      [...instance, lookup.studyInstanceUid, lookup.spsId, started],
      PREPARED,
    );
    if (row === undefined || row.found.length === 0) return undefined;
    return { row, links: row.found.map((id) => ({ worklistItemId: BigInt(id), method: 'study-sps' })) };
  }

  async function create(input: MppsCreateInput): Promise<MppsCreateResult> {
    const plan = planMppsLinks(input.dataset);
    const started = spsStatusForMpps('IN PROGRESS');
    const attributes = JSON.stringify(input.created.attributes);
    const { created } = input;
    const instance = [
      input.sopInstanceUid,
      created.status,
      created.performedStationAeTitle,
      input.callingAeTitle,
      input.startedAt,
      attributes,
    ];
    let result = await createLinkedInOneStatement(plan, instance, started);
    if (result === undefined) {
      const links = await resolveMppsLinks(plan, finder);
      const ids = links.map((link) => String(link.worklistItemId));
      const methods = links.map((link) => link.method);
      const one = links.length === 1;
      const [row] = await run<CreatedRow>(
        one ? CREATE_WITH_ONE_LINK : CREATE_WITH_LINKS,
        [...instance, one ? ids[0] : ids, one ? methods[0] : methods, started],
        PREPARED,
      );
      result = row && { row, links };
    }
    if (result?.row.created !== 1) return { outcome: 'duplicate' };
    // As a read would give it: the attributes as stored (JSON), not the caller's object.
    written.remember(input.sopInstanceUid, {
      state: { status: created.status, attributes: JSON.parse(attributes) as MppsState['attributes'] },
      version: result.row.version,
    });
    return { outcome: 'created', links: result.links };
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
