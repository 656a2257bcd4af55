import type { PrismaClient } from '../generated/client.ts';
import { sqlRunnerOf, type SqlRunner } from './direct-sql.ts';

/** Runs `work` on one connection, in one transaction: committed when it resolves, rolled back when it throws. */
export type SqlTransaction = <T>(work: (run: SqlRunner) => Promise<T>) => Promise<T>;

/**
 * Transactions on the `pg` pools under the PrismaClients `createPrismaClient` made (see
 * direct-sql.ts for why statements run there). For statements that need a setting of their own
 * (`SET LOCAL`), which only a transaction keeps from the next user of a pooled connection.
 */
const directTransactions = new WeakMap<object, SqlTransaction>();

export function registerDirectTransactions(client: object, transaction: SqlTransaction): void {
  directTransactions.set(client, transaction);
}

/** Longest a transaction through Prisma may take (clients without a pool of their own). */
const PRISMA_TRANSACTION_TIMEOUT_MS = 120_000;

/** How `prisma` runs a transaction: on its pool when it has one, as a Prisma transaction otherwise. */
export function sqlTransactionOf(prisma: PrismaClient): SqlTransaction {
  return (
    directTransactions.get(prisma) ??
    (<T>(work: (run: SqlRunner) => Promise<T>) =>
      prisma.$transaction((tx) => work(sqlRunnerOf(tx)), { timeout: PRISMA_TRANSACTION_TIMEOUT_MS }))
  );
}
