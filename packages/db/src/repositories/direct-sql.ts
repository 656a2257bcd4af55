import type { DbClient } from './db-client.ts';

export interface SqlRunOptions {
  /**
   * Run it as a named prepared statement on each connection: Postgres parses and plans the text
   * once per connection instead of for every call. Only for fixed texts on hot paths whose plan
   * does not depend on the values (an equality lookup, a keyed write); ignored through Prisma.
   */
  prepare?: boolean;
}

/** One statement with `$1…$n` parameters, its rows back. */
export type SqlRunner = <T>(
  text: string,
  values: readonly unknown[],
  options?: SqlRunOptions,
) => Promise<T[]>;

/**
 * The `pg` pools under the PrismaClients `createPrismaClient` made, by client. Prisma hands raw
 * parameters to its driver through `JSON.stringify` and `JSON.parse` (every quote of a json
 * parameter escaped, then read back): for the writer's batch statements that cost more CPU than
 * the rest of the job. Statements that carry a batch run on the same pool directly.
 *
 * Keyed by the client object: a transaction client, an embedded (PGlite) client or any client made
 * elsewhere is not in it and gets Prisma (PGlite is one session; a statement beside Prisma's own
 * could land inside someone else's transaction).
 */
const directRunners = new WeakMap<object, SqlRunner>();

export function registerDirectSql(client: object, runner: SqlRunner): void {
  directRunners.set(client, runner);
}

/** How `db` runs a statement: on its pool when it has one registered, through Prisma otherwise. */
export function sqlRunnerOf(db: DbClient): SqlRunner {
  return (
    directRunners.get(db) ??
    (<T>(text: string, values: readonly unknown[]) => db.$queryRawUnsafe<T[]>(text, ...values))
  );
}
