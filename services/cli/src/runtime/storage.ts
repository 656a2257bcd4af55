import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  applyMigrations,
  createEmbeddedPrismaClient,
  createPrismaClient,
  databaseNameOf,
  defaultMigrationsDir,
  type PrismaClient,
} from '@mwl/db';
import { NoEmbeddedDatabaseError } from '../errors.ts';
import { lockDataDir } from './data-dir-lock.ts';

/** A PostgreSQL data folder has PG_VERSION at its top. */
async function hasDatabase(dataDir: string): Promise<boolean> {
  try {
    await access(join(dataDir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

export interface Storage {
  kind: 'postgres' | 'embedded';
  prisma: PrismaClient;
  /** For logs: the database name, or the data folder (never credentials). */
  location: string;
  /** Migrations applied while opening. */
  appliedMigrations: string[];
  close(): Promise<void>;
}

export interface OpenStorageOptions {
  /** PostgreSQL server; absent: the embedded database in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Apply pending migrations to the server first (the embedded database is always migrated). */
  migrate: boolean;
  /** Create the embedded database when the folder has none (default true). */
  create?: boolean;
  poolSize?: number;
  applicationName?: string;
  onPoolError?: (error: Error) => void;
}

/**
 * Where the worklist lives: PostgreSQL at `databaseUrl`, or PGlite in `dataDir` (migrated by the
 * same migrations, locked against a second process). Both give the same PrismaClient.
 */
export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  if (options.databaseUrl !== undefined) {
    const databaseUrl = options.databaseUrl;
    const appliedMigrations = options.migrate
      ? await applyMigrations({ databaseUrl, migrationsDir: defaultMigrationsDir() })
      : [];
    const prisma = createPrismaClient({
      databaseUrl,
      poolSize: options.poolSize ?? 10,
      applicationName: options.applicationName ?? 'mwl-bridge',
      ...(options.onPoolError && { onPoolError: options.onPoolError }),
    });
    return {
      kind: 'postgres',
      prisma,
      location: `database "${databaseNameOf(databaseUrl)}"`,
      appliedMigrations,
      close: () => prisma.$disconnect(),
    };
  }
  if (options.create === false && !(await hasDatabase(options.dataDir))) {
    throw new NoEmbeddedDatabaseError(options.dataDir);
  }
  const lock = await lockDataDir(options.dataDir);
  try {
    const embedded = await createEmbeddedPrismaClient({ dataDir: options.dataDir });
    return {
      kind: 'embedded',
      prisma: embedded.prisma,
      location: options.dataDir,
      appliedMigrations: embedded.appliedMigrations,
      async close() {
        try {
          await embedded.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
