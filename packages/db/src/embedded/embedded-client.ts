import type { PGlite } from '@electric-sql/pglite';
import { PrismaClient } from '../generated/client.ts';
import { defaultMigrationsDir, readMigrations } from '../migrator/migration-files.ts';
import { initDataDirInChild } from './initdb-child.ts';
import { applySqlMigrations, type SqlSession } from './sql-migrations.ts';

/**
 * Embedded mode (no DATABASE_URL): a real PostgreSQL in WebAssembly (PGlite) in a data folder,
 * migrated with the same files as the server, and a PrismaClient on it through the community
 * adapter `pglite-prisma-adapter`. PGlite is one session in one process: one client per data folder.
 */

/**
 * Postgres settings for the embedded server, on top of PGlite's own. PGlite allocates and touches
 * all of `shared_buffers` at start, inside the Wasm memory, which never shrinks: initdb's default
 * (128MB) is most of an idle process's memory. A worklist is a few MB; 16MB keeps it cached
 * (reads past it come from the OS page cache).
 */
export const EMBEDDED_SETTINGS: readonly string[] = ['-c', 'shared_buffers=16MB'];

export interface EmbeddedPrismaClientOptions {
  /** Folder of the database files (created when missing), or `memory://` for a throw-away one. */
  dataDir: string;
  /** Default: the repository's `prisma/migrations` (`defaultMigrationsDir()`). */
  migrationsDir?: string;
  /** Bound on creating a new folder (initdb, in a child process). Default 120 s. */
  initTimeoutMs?: number;
}

export interface EmbeddedDatabase {
  prisma: PrismaClient;
  /** Migrations applied while opening (empty when the folder was up to date). */
  appliedMigrations: string[];
  /** Disconnects Prisma, then closes PGlite (flushing it to the folder). */
  close(): Promise<void>;
}

export async function createEmbeddedPrismaClient(
  options: EmbeddedPrismaClientOptions,
): Promise<EmbeddedDatabase> {
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  // A new folder is created by a child process, so initdb's memory leaves with it.
  await initDataDirInChild(options.dataDir, {
    ...(options.initTimeoutMs !== undefined && { timeoutMs: options.initTimeoutMs }),
  });
  // Loaded here, not at the top: a process on a PostgreSQL server never needs PGlite.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ]);
  const pglite = await PGlite.create(options.dataDir, {
    startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
  });
  try {
    const appliedMigrations = await applySqlMigrations(asSqlSession(pglite), migrations);
    // One PGlite copy for us and the adapter (root package.json overrides it), so errors map.
    const adapter = new PrismaPGlite(pglite);
    const prisma = new PrismaClient({ adapter });
    return {
      prisma,
      appliedMigrations,
      async close() {
        await prisma.$disconnect();
        await pglite.close();
      },
    };
  } catch (error) {
    await pglite.close().catch(() => undefined);
    throw error;
  }
}

function asSqlSession(pglite: PGlite): SqlSession {
  return {
    exec: (sql) => pglite.exec(sql),
    query: (sql, params) => pglite.query(sql, params),
    transaction: (work) =>
      pglite.transaction((tx) =>
        work({
          exec: (sql) => tx.exec(sql),
          query: (sql, params) => tx.query(sql, params),
        }),
      ),
  };
}
