import { MwlError } from '@mwl/domain';

/**
 * The database package's error catalog. Messages name databases, files and migrations, never row
 * content (rows hold patient data).
 */

/** A database name or migration name that we refuse to put into SQL or onto disk. */
export class InvalidNameError extends MwlError {
  constructor(message: string) {
    super('MWL_ERR_DB_INVALID_NAME', message);
  }
}

/** The migrations directory cannot be used: unreadable, missing lock file, another provider. */
export class MigrationsDirectoryError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_DB_MIGRATIONS_DIR', message, options);
  }
}

/** A migration's SQL failed; its statements were rolled back and `_prisma_migrations` says so. */
export class MigrationFailedError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_DB_MIGRATION_FAILED', message, options);
  }
}

/** Prisma's schema engine refused or failed an operation (a migration that fails, a bad schema). */
export class SchemaEngineError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_DB_SCHEMA_ENGINE', message, options);
  }
}

/** A database could not be created, dropped or reached for an administrative step. */
export class DatabaseAdminError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_DB_ADMIN', message, options);
  }
}

/** An MPPS instance kept changing under an N-SET (many concurrent N-SETs of one instance). */
export class MppsUpdateContentionError extends MwlError {
  constructor(attempts: number) {
    super('MWL_ERR_DB_MPPS_CONTENTION', `the MPPS instance changed under ${attempts} attempts to update it`);
  }
}

/** The embedded database's folder could not be created (initdb failed or timed out). */
export class EmbeddedInitError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_DB_EMBEDDED_INIT', message, options);
  }
}
