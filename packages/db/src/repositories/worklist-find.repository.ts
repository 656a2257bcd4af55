import type { MatchPlan, WorklistRow } from '@mwl/domain';
import type { DbClient } from './db-client.ts';
import { buildCountSql, buildFindSql, type FindCursor } from './worklist-find.sql.ts';

/**
 * Reads C-FIND matches for the gateway, page by page (keyset, see worklist-find.sql.ts), so the
 * first pending responses leave while later pages are still to be read, and a cancelled query
 * stops reading.
 */

export interface StreamMatchesOptions {
  /** Rows per query (default 200). */
  pageSize?: number;
  /**
   * The result cap. More matches than this and the stream yields nothing and ends `over-cap`: a
   * capped result must never look complete (PS3.4 C.4.1: Success asserts every match was sent).
   * Checked by a count limited to `maxResults + 1`, run only when the first page is full.
   */
  maxResults: number;
  /** Stops reading (ends `aborted`) once aborted: C-CANCEL, association gone, shutdown. */
  signal?: AbortSignal;
}

/**
 * How the stream ended (the generator's return value):
 * - `complete`: every match was yielded;
 * - `over-cap`: more than `maxResults` match. Normally known before the first row (nothing is
 *   yielded); when rows were added while streaming, known after `maxResults` rows;
 * - `aborted`: the signal was aborted.
 */
export type StreamEnd = 'complete' | 'over-cap' | 'aborted';

export interface WorklistFindRepository {
  /** Matches counted no further than `upTo`. */
  countMatches(plan: MatchPlan, upTo: number): Promise<number>;
  streamMatches(plan: MatchPlan, options: StreamMatchesOptions): AsyncGenerator<WorklistRow, StreamEnd, void>;
}

type FoundRow = WorklistRow & { id: bigint };

const DEFAULT_PAGE_SIZE = 200;

function toWorklistRow(found: FoundRow): WorklistRow {
  const { id: _id, ...row } = found;
  return { ...row, extra: isRecord(row.extra) ? row.extra : {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createWorklistFindRepository(db: DbClient): WorklistFindRepository {
  async function countMatches(plan: MatchPlan, upTo: number): Promise<number> {
    const { text, values } = buildCountSql(plan, { upTo });
    const [result] = await db.$queryRawUnsafe<{ count: number }[]>(text, ...values);
    return result?.count ?? 0;
  }

  async function* streamMatches(
    plan: MatchPlan,
    options: StreamMatchesOptions,
  ): AsyncGenerator<WorklistRow, StreamEnd, void> {
    const { maxResults, signal } = options;
    const pageSize = Math.max(1, Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, maxResults + 1));
    if (signal?.aborted) return 'aborted';

    let yielded = 0;
    let after: FindCursor | undefined;
    for (let first = true; ; first = false) {
      if (signal?.aborted) return 'aborted';
      const { text, values } = buildFindSql(plan, { limit: pageSize, ...(after && { after }) });
      const page = await db.$queryRawUnsafe<FoundRow[]>(text, ...values);
      // A short first page is the whole result (and within the cap); a full one may hide more
      // matches than the cap allows, which must be known before the first response goes out.
      if (first && page.length === pageSize && (await countMatches(plan, maxResults + 1)) > maxResults) {
        return 'over-cap';
      }
      for (const found of page) {
        if (signal?.aborted) return 'aborted';
        if (yielded === maxResults) return 'over-cap';
        yield toWorklistRow(found);
        yielded++;
      }
      const last = page.at(-1);
      if (page.length < pageSize || last === undefined) return 'complete';
      after = { spsStartAt: last.spsStartAt, id: last.id };
    }
  }

  return { countMatches, streamMatches };
}
