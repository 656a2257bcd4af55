// @mwl/db: the only package that imports Prisma. Other packages take these types from here, never
// from the generated client's path.
export { PrismaClient, Prisma } from './generated/client.ts';
export type {
  WorklistItem,
  SourceCursor,
  SyncRun,
  Rejection,
  MppsInstance,
  MppsWorklistLink,
  ApiToken,
  ApiUser,
  ApiSession,
  AuditEvent,
} from './generated/client.ts';

export { createPrismaClient, type CreatePrismaClientOptions } from './client.ts';
export * from './errors.ts';
export {
  assertDatabaseName,
  createDatabase,
  databaseExists,
  databaseNameOf,
  databaseUrlFor,
  dropDatabase,
  listDatabases,
  renameDatabase,
  sealAsTemplate,
  type CreateDatabaseOptions,
  type RenameOutcome,
} from './database-admin.ts';
export {
  applyMigrations,
  checkDrift,
  createMigration,
  markMigrationRolledBack,
  migrationStatus,
  type CreatedMigration,
  type MigrationStatus,
  type MigrationsTarget,
  type SchemaTarget,
} from './migrator/migrator.ts';
export {
  defaultMigrationsDir,
  migrationChecksum,
  migrationsFingerprint,
  readMigrations,
  type MigrationSource,
} from './migrator/migration-files.ts';
export * from './repositories/index.ts';
export {
  createEmbeddedPrismaClient,
  type EmbeddedDatabase,
  type EmbeddedPrismaClientOptions,
} from './embedded/embedded-client.ts';
