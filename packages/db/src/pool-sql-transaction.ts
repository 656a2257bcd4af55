import type pg from 'pg';
import type { SqlTransaction } from './repositories/direct-transaction.ts';

/**
 * Transactions on `pool` directly (direct-transaction.ts): one connection, BEGIN, the work's
 * statements, COMMIT; ROLLBACK when the work throws. Its statements run unnamed whatever `prepare`
 * says: statement names belong to the pool's runner (pool-sql-runner.ts), and a second map could
 * give one name two texts on the same connection.
 */
export function createPoolSqlTransaction(pool: pg.Pool): SqlTransaction {
  return async (work) => {
    const connection = await pool.connect();
    const run = async <T>(text: string, values: readonly unknown[]) =>
      (await connection.query<T & pg.QueryResultRow>(text, [...values])).rows;
    try {
      await connection.query('BEGIN');
      const result = await work(run);
      await connection.query('COMMIT');
      connection.release();
      return result;
    } catch (error) {
      // A connection whose rollback failed is in an unknown state: closed, not pooled again.
      const rolledBack = await connection.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      connection.release(!rolledBack);
      throw error;
    }
  };
}
