import type { DbClient } from './db-client.ts';

/** One statement with `$1…$n` parameters, its rows back. */
export type SqlRunner = <T>(text: string, values: readonly unknown[]) => Promise<T[]>;

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
