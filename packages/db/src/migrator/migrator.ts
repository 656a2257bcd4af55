import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createDatabase, databaseUrlFor, dropDatabase } from '../database-admin.ts';
import { MigrationFailedError, MigrationsDirectoryError, SchemaEngineError } from '../errors.ts';
import { shadowDatabaseName } from './engine-adapter.ts';
import {
  loadMigrationList,
  lockFileContent,
  normalizeMigrationName,
  writeMigration,
} from './migration-files.ts';
import { NO_FILTERS, schemaEngineErrorText, withSchemaEngine } from './schema-engine-session.ts';

/**
 * Prisma Migrate without the native engine: the four operations the project needs, on Prisma's
 * own Wasm schema engine. The files and the `_prisma_migrations` table are exactly Prisma's, so a
 * database migrated here is accepted by `prisma migrate deploy` and the other way round.
 */

export interface MigrationsTarget {
  /** The database to migrate or inspect; shadow databases are created on the same server. */
  databaseUrl: string;
  /** `prisma/migrations`. */
  migrationsDir: string;
  /** Engine log lines (JSON), for debugging. */
  onLog?: (line: string) => void;
}

export interface SchemaTarget extends MigrationsTarget {
  /** `prisma/schema.prisma`. */
  schemaPath: string;
}

/**
 * Applies the pending migrations, oldest first, each in one transaction, under Prisma's advisory
 * lock (a second migrator waits). Returns the names just applied: empty when up to date.
 * Like `prisma migrate deploy`, refuses to go on past a failed migration, and never re-runs one
 * already applied, even if its file changed since (`migrationStatus` reports it as edited).
 */
export async function applyMigrations(target: MigrationsTarget): Promise<string[]> {
  const migrationsList = await loadMigrationList(target.migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new MigrationsDirectoryError(`no migrations found in ${migrationsList.baseDir}`);
  }
  return withSchemaEngine({ databaseUrl: target.databaseUrl, onLog: target.onLog }, async (engine) => {
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
      return appliedMigrationNames;
    } catch (error) {
      // The engine's message names the SQL error, not the migration: ask the history which one.
      const history = await engine
        .diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS })
        .catch(() => null);
      const failed = history?.failedMigrationNames ?? [];
      if (failed.length === 0) throw error;
      throw new MigrationFailedError(
        `migration ${failed.join(', ')} failed: ${schemaEngineErrorText(error)}\n` +
          'Its statements were rolled back together. Fix the migration (or the database), mark it ' +
          'rolled back (migrator command `resolve <name>`), then migrate again.',
        { cause: error },
      );
    }
  });
}

/**
 * Marks a failed migration as rolled back (`prisma migrate resolve --rolled-back`), so the next
 * `applyMigrations` tries it again. Only for a migration whose changes are not in the database.
 */
export async function markMigrationRolledBack(target: MigrationsTarget & { name: string }): Promise<void> {
  await withSchemaEngine({ databaseUrl: target.databaseUrl, onLog: target.onLog }, (engine) =>
    engine.markMigrationRolledBack({ migrationName: target.name }),
  );
}

export interface MigrationStatus {
  /** In the directory, not yet applied. */
  pending: string[];
  /** Applied, but not in the directory (another branch, or a deleted file). */
  unknown: string[];
  /** Recorded as failed in `_prisma_migrations`: needs a human. */
  failed: string[];
  /** Applied, but the file changed since (checksum mismatch). */
  edited: string[];
  /** True when the database is exactly at the directory's last migration. */
  upToDate: boolean;
}

/** Compares `_prisma_migrations` with the directory; reads only, creates nothing. */
export async function migrationStatus(target: MigrationsTarget): Promise<MigrationStatus> {
  const migrationsList = await loadMigrationList(target.migrationsDir);
  return withSchemaEngine({ databaseUrl: target.databaseUrl, onLog: target.onLog }, async (engine) => {
    const output = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    });
    const history = output.history;
    const pending = history && 'unappliedMigrationNames' in history ? history.unappliedMigrationNames : [];
    const unknown =
      history && 'unpersistedMigrationNames' in history ? history.unpersistedMigrationNames : [];
    const status = {
      pending,
      unknown,
      failed: output.failedMigrationNames,
      edited: output.editedMigrationNames,
    };
    const upToDate = Object.values(status).every((names) => names.length === 0);
    return { ...status, upToDate };
  });
}

export interface CreatedMigration {
  /** Directory name, e.g. `20261123101606_init`. */
  name: string;
  directory: string;
  sql: string;
}

/**
 * Writes the next migration: the SQL that takes a database from the existing migrations to
 * `schema.prisma`, with Prisma's warnings about destructive steps as a comment on top. Returns
 * null, writing nothing, when they already agree. The migration is not applied anywhere.
 *
 * This is `prisma migrate dev --create-only` on a scratch database created for the purpose (so the
 * result depends on the files alone, never on the state of `databaseUrl`'s database): apply the
 * migrations, `devDiagnostic` (which replays them on a shadow database and keeps that schema for
 * the next step), then `createMigration`.
 */
export async function createMigration(
  target: SchemaTarget & { name: string },
): Promise<CreatedMigration | null> {
  const migrationName = normalizeMigrationName(target.name);
  const [migrationsList, schemaFiles] = await Promise.all([
    loadMigrationList(target.migrationsDir),
    readSchemaFiles(target.schemaPath),
  ]);
  const scratch = shadowDatabaseName();
  await createDatabase(target.databaseUrl, scratch);
  try {
    const created = await withSchemaEngine(
      {
        databaseUrl: databaseUrlFor(target.databaseUrl, scratch),
        serverUrl: target.databaseUrl,
        schemaFiles,
        onLog: target.onLog,
      },
      async (engine) => {
        await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
        const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
        if (diagnostic.action.tag === 'reset') {
          throw new SchemaEngineError(`the migrations cannot be replayed: ${diagnostic.action.reason}`);
        }
        return engine.createMigration({
          draft: false,
          migrationName,
          migrationsList,
          schema: schemaContainer(schemaFiles),
          filters: NO_FILTERS,
        });
      },
    );
    if (created.migrationScript === null) return null;
    const directory = await writeMigration(
      migrationsList.baseDir,
      created.generatedMigrationName,
      created.migrationScript,
    );
    return { name: created.generatedMigrationName, directory, sql: created.migrationScript };
  } finally {
    await dropDatabase(target.databaseUrl, scratch);
  }
}

/**
 * The SQL that would take a database built from the migrations to `schema.prisma`: empty when
 * they agree, so a non-empty answer means someone changed the schema without `db:diff`.
 * Uses a shadow database on `databaseUrl`'s server; reads nothing else there.
 */
export async function checkDrift(target: SchemaTarget): Promise<string> {
  const [migrationsList, schemaFiles] = await Promise.all([
    loadMigrationList(target.migrationsDir),
    readSchemaFiles(target.schemaPath),
  ]);
  return withSchemaEngine(
    { databaseUrl: target.databaseUrl, schemaFiles, onLog: target.onLog },
    async (engine) => {
      const result = await engine.diff({
        // Without migrations there is no lock file yet; the engine still needs to know the provider.
        from: {
          tag: 'migrations',
          ...migrationsList,
          lockfile: {
            ...migrationsList.lockfile,
            content: migrationsList.lockfile.content ?? lockFileContent(),
          },
        },
        to: { tag: 'schemaDatamodel', ...schemaContainer(schemaFiles) },
        script: true,
        exitCode: true,
        filters: NO_FILTERS,
      });
      // exitCode 2 means "the diff is not empty" (the engine's --exit-code convention).
      return result.exitCode === 2 ? (result.stdout ?? '').trim() : '';
    },
  );
}

function schemaContainer(schemaFiles: [string, string][]) {
  return { files: schemaFiles.map(([filePath, content]) => ({ path: filePath, content })) };
}

async function readSchemaFiles(schemaPath: string): Promise<[string, string][]> {
  const content = await readFile(schemaPath, 'utf8').catch((error: unknown) => {
    throw new MigrationsDirectoryError(`cannot read the Prisma schema at ${path.resolve(schemaPath)}`, {
      cause: error,
    });
  });
  return [[path.basename(schemaPath), content]];
}
