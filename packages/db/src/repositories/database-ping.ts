import type { DbClient } from './db-client.ts';
import { sqlRunnerOf } from './direct-sql.ts';

/**
 * `SELECT 1`, the readiness check: on the client's pool when it has one (direct-sql.ts), so a
 * process whose own work is plain SQL (the fetcher) never loads Prisma's query compiler for its
 * health probe.
 */
export async function pingDatabase(db: DbClient): Promise<void> {
  await sqlRunnerOf(db)('SELECT 1', []);
}
