import { randomUUID } from 'node:crypto';
import { MigrationFailedError } from '../errors.ts';
import { migrationChecksum, type MigrationSource } from '../migrator/migration-files.ts';

/**
 * Applies migrations by running their SQL files, recording them in `_prisma_migrations` exactly as
 * Prisma's engine does (same table, same checksums, one row per migration), for databases the
 * schema engine cannot reach: PGlite inside the process. Same rules as `migrate deploy`: oldest
 * first, each file in one transaction, refuse to go on past a failed migration, and leave alone a
 * migration applied before (even when its file changed since: `edited` in the status).
 */

/** What we need of a database session: PGlite's interface fits as is. */
export interface SqlSession {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  transaction<T>(work: (tx: Pick<SqlSession, 'exec' | 'query'>) => Promise<T>): Promise<T>;
}

// Prisma's own definition (from the schema engine), so both tools read and write the same table.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  finished: boolean;
}

/** Returns the names applied now, oldest first; empty when the database was up to date. */
export async function applySqlMigrations(
  session: SqlSession,
  migrations: readonly MigrationSource[],
): Promise<string[]> {
  await session.exec(CREATE_MIGRATIONS_TABLE);
  const { rows } = await session.query<AppliedRow>(
    `SELECT migration_name, finished_at IS NOT NULL AS finished
       FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  const failed = rows.filter((row) => !row.finished).map((row) => row.migration_name);
  if (failed.length > 0) {
    throw new MigrationFailedError(
      `migration ${failed.join(', ')} failed earlier; fix it and mark it rolled back before migrating again`,
    );
  }
  const applied = new Set(rows.map((row) => row.migration_name));
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    await applyOne(session, migration, migrationChecksum(migration.sql));
    done.push(migration.name);
  }
  return done;
}

async function applyOne(session: SqlSession, migration: MigrationSource, checksum: string): Promise<void> {
  const id = randomUUID();
  await session.query(
    'INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)',
    [id, checksum, migration.name],
  );
  try {
    await session.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query(
        'UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
        [id],
      );
    });
  } catch (error) {
    // Only the error's message: a detail could quote row values.
    const message = error instanceof Error ? error.message : String(error);
    await session.query('UPDATE _prisma_migrations SET logs = $2 WHERE id = $1', [id, message]);
    throw new MigrationFailedError(`migration ${migration.name} failed: ${message}`, { cause: error });
  }
}
