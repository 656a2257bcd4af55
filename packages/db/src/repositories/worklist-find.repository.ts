import type { MatchPlan, WorklistRow } from '@mwl/domain';
import type { PrismaClient } from '../generated/client.ts';
import type { DbClient } from './db-client.ts';
import { sqlRunnerOf } from './direct-sql.ts';
import { worklistRowOf, type FoundWorklistRow } from './found-worklist-row.ts';
import { buildCountSql, buildFindSql, type FindCursor } from './worklist-find.sql.ts';

/**
 * Reads C-FIND matches for the gateway, page by page (keyset, see worklist-find.sql.ts), so the
 * first pending responses leave while later pages are still to be read, and a cancelled query
 * stops reading.
 *
 * With `statementTimeoutMs`, each query runs in a short transaction that first sets
 * `statement_timeout` for itself (`set_config(..., true)`, i.e. `SET LOCAL`): a query that waits
 * on a lock or runs too long is cancelled by the server at the caller's deadline, and its pooled
 * connection is free again, instead of waiting on after the caller gave up (a client-side timer
 * alone abandons the query; through Prisma's adapter there is no handle on its connection to
 * `pg_cancel_backend`). It works the same on PGlite, and needs no timeout on the pool, so other
 * users of a shared pool (the writer's bulk statements) keep theirs. The timeout is what is left
 * of the page's deadline when the query is sent; a wait for a pooled connection comes on top
 * (bounded by the pool's `connectionTimeoutMillis`), so keep that short on the gateway's pool.
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
  /**
   * The server cancels a page's queries (the page and, for the first, the cap count) once they
   * took this long together: the caller's deadline per page. Default: no limit of its own.
   */
  statementTimeoutMs?: number;
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
  /** Matches counted no further than `upTo` (cancelled by the server after `statementTimeoutMs`). */
  countMatches(plan: MatchPlan, upTo: number, options?: { statementTimeoutMs?: number }): Promise<number>;
  streamMatches(plan: MatchPlan, options: StreamMatchesOptions): AsyncGenerator<WorklistRow, StreamEnd, void>;
  /**
   * The same matches a page (one database round trip) at a time, never an empty page: a caller
   * answering row by row spares a promise race and an async step per row (bench:cfind).
   */
  streamMatchPages(
    plan: MatchPlan,
    options: StreamMatchesOptions,
  ): AsyncGenerator<readonly WorklistRow[], StreamEnd, void>;
}

const DEFAULT_PAGE_SIZE = 200;
/** See `query`. */
const PREPARED = { prepare: true };

function canTransact(db: DbClient | PrismaClient): db is PrismaClient {
  return '$transaction' in db && typeof db.$transaction === 'function';
}

export interface WorklistFindRepositoryOptions {
  /**
   * The `statement_timeout` the pool of `db` sets on every connection (`statementTimeoutMillis` of
   * `createPrismaClient`), if any. When it is no longer than a query's `statementTimeoutMs`, the
   * server already cancels the query in time and the query runs without a transaction of its own
   * (saving three round trips per page).
   */
  poolStatementTimeoutMs?: number;
}

/**
 * `db` is the PrismaClient (statement timeouts need a transaction of their own), or a transaction
 * client (the timeout is then not applied: the caller's transaction owns the session).
 */
export function createWorklistFindRepository(
  db: DbClient | PrismaClient,
  repositoryOptions: WorklistFindRepositoryOptions = {},
): WorklistFindRepository {
  const { poolStatementTimeoutMs } = repositoryOptions;
  const run = sqlRunnerOf(db);
  const poolCancelsBy = (ms: number) => poolStatementTimeoutMs !== undefined && poolStatementTimeoutMs <= ms;

  /** One query, cancelled by the server once `timeoutMs` ran out (at least 1 ms). */
  async function query<R>(text: string, values: unknown[], timeoutMs: number | undefined): Promise<R[]> {
    if (timeoutMs === undefined || poolCancelsBy(timeoutMs) || !canTransact(db)) {
      // On the client's pool when it has one (direct-sql.ts): Prisma's raw-query path was ~11% of
      // the gateway's CPU in bench:cfind. Every column read here comes back with the same JS type
      // either way (text, int, float8, jsonb, timestamptz); only the paging id (int8) is a string.
      // Prepared: planning was ~60% of Postgres's time for a page (bench:cfind). A text stands for
      // one query shape, its values are parameters, and Postgres keeps a generic plan only while it
      // costs no more than the planned ones (plan_cache_mode auto); a pool names at most 64 texts.
      return run<R>(text, values, PREPARED);
    }
    const limit = String(Math.max(1, Math.ceil(timeoutMs)));
    const [, rows] = await db.$transaction([
      db.$queryRawUnsafe(`SELECT set_config('statement_timeout', $1, true)`, limit),
      db.$queryRawUnsafe<R[]>(text, ...values),
    ]);
    return rows;
  }

  async function countMatches(
    plan: MatchPlan,
    upTo: number,
    options: { statementTimeoutMs?: number } = {},
  ): Promise<number> {
    const { text, values } = buildCountSql(plan, { upTo });
    const [result] = await query<{ count: number }>(text, values, options.statementTimeoutMs);
    return result?.count ?? 0;
  }

  async function* streamMatchPages(
    plan: MatchPlan,
    options: StreamMatchesOptions,
  ): AsyncGenerator<readonly WorklistRow[], StreamEnd, void> {
    const { maxResults, signal, statementTimeoutMs } = options;
    const pageSize = Math.max(1, Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, maxResults + 1));
    if (signal?.aborted) return 'aborted';

    let yielded = 0;
    let after: FindCursor | undefined;
    for (let first = true; ; first = false) {
      if (signal?.aborted) return 'aborted';
      const { text, values } = buildFindSql(plan, { limit: pageSize, ...(after && { after }) });
      const deadline = statementTimeoutMs === undefined ? undefined : performance.now() + statementTimeoutMs;
      const left = () => (deadline === undefined ? {} : { statementTimeoutMs: deadline - performance.now() });
      // The page's query goes out now, with the whole of the page's time: a pool that cancels by
      // then spares it the transaction (what is left a moment later is always a little less).
      const page = await query<FoundWorklistRow>(text, values, statementTimeoutMs);
      // A short first page is the whole result (and within the cap); a full one may hide more
      // matches than the cap allows, which must be known before the first response goes out.
      if (
        first &&
        page.length === pageSize &&
        (await countMatches(plan, maxResults + 1, left())) > maxResults
      ) {
        return 'over-cap';
      }
      if (signal?.aborted) return 'aborted';
      // Rows added while streaming can still take the list past the cap: up to it, then say so.
      const room = maxResults - yielded;
      const rows = page.length > room ? page.slice(0, room) : page;
      if (rows.length > 0) {
        yield rows.map(worklistRowOf);
        yielded += rows.length;
      }
      if (page.length > room) return 'over-cap';
      const last = page.at(-1);
      if (page.length < pageSize || last === undefined) return 'complete';
      after = { spsStartAt: last.spsStartAt, id: last.id };
    }
  }

  async function* streamMatches(
    plan: MatchPlan,
    options: StreamMatchesOptions,
  ): AsyncGenerator<WorklistRow, StreamEnd, void> {
    const pages = streamMatchPages(plan, options);
    try {
      for (;;) {
        const next = await pages.next();
        if (next.done) return next.value;
        for (const row of next.value) {
          if (options.signal?.aborted) return 'aborted';
          yield row;
        }
      }
    } finally {
      await pages.return('aborted');
    }
  }

  return { countMatches, streamMatches, streamMatchPages };
}
