import type pg from 'pg';
import type { SqlRunner } from './repositories/direct-sql.ts';

/**
 * Prepared statements one pool may name. The texts asking for it are constants of this package, so
 * a handful is all there is; the bound keeps a caller that builds texts from input from growing
 * every connection's statement cache (beyond it, statements run unnamed, as before).
 */
export const MAX_PREPARED_STATEMENTS = 64;

/**
 * Statements on `pool` directly (direct-sql.ts). With `prepare`, a text gets a stable name the
 * first time it is seen (`mwl_1`, `mwl_2`, ...); node-postgres then parses it once per connection
 * and only binds and executes it afterwards. A name always stands for one text, as node-postgres
 * requires of names within a connection.
 */
export function createPoolSqlRunner(pool: pg.Pool): SqlRunner {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= MAX_PREPARED_STATEMENTS) return known;
    const name = `mwl_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
  return async <T>(text: string, values: readonly unknown[], options?: { prepare?: boolean }) => {
    const name = options?.prepare ? nameOf(text) : undefined;
    const result = await pool.query<T & pg.QueryResultRow>({
      text,
      values: [...values],
      ...(name !== undefined && { name }),
    });
    return result.rows;
  };
}
