import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { InvalidNameError, MigrationsDirectoryError } from '../errors.ts';

/**
 * Prisma's on-disk layout, kept exactly so the stock CLI (`prisma migrate deploy`) accepts our
 * history anywhere: `<dir>/<YYYYMMDDHHMMSS>_<name>/migration.sql` plus `<dir>/migration_lock.toml`.
 */

export const MIGRATION_FILE = 'migration.sql';
export const LOCK_FILE = 'migration_lock.toml';
export const PROVIDER = 'postgresql';

/**
 * `prisma/migrations`, found upwards from this module: in place (`packages/db/src/migrator`), in a
 * service's bundle (`services/<name>/dist`) or in the image (`/app/...`), wherever the folder
 * beside the code is.
 */
export function defaultMigrationsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'prisma', 'migrations');
    if (existsSync(path.join(candidate, LOCK_FILE))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new MigrationsDirectoryError('no prisma/migrations folder above the code');
    dir = parent;
  }
}

/** One migration read from disk. */
export interface MigrationSource {
  /** Directory name, which is also the `migration_name` in `_prisma_migrations`. */
  name: string;
  sql: string;
}

/** What Prisma stores in `_prisma_migrations.checksum`: sha256 of the file, hex. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** A short, stable fingerprint of a migration set (names and contents), e.g. for template names. */
export function migrationsFingerprint(migrations: readonly MigrationSource[], length = 12): string {
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(`${migration.name}\0${migration.sql}\0`);
  return hash.digest('hex').slice(0, length);
}

const MAX_NAME_LENGTH = 200;

/**
 * Turns a user-given name into the `<name>` part of a migration directory: lower case, words
 * joined by `_`. Throws for names with nothing usable in them.
 */
export function normalizeMigrationName(name: string): string {
  const normalized = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (normalized === '') throw new InvalidNameError(`migration name "${name}" has no letters or digits`);
  if (normalized.length > MAX_NAME_LENGTH) {
    throw new InvalidNameError(`migration name is longer than ${MAX_NAME_LENGTH} characters`);
  }
  return normalized;
}

const DIRECTORY_NAME = /^(\d{14})_([a-z0-9_]+)$/;

export function isMigrationDirectoryName(name: string): boolean {
  return DIRECTORY_NAME.test(name);
}

/** `20261123101606_init`: UTC timestamp to the second, as Prisma names them. */
export function migrationDirectoryName(at: Date, name: string): string {
  const stamp = at.toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}_${normalizeMigrationName(name)}`;
}

export function lockFileContent(): string {
  return `# Written by the mwl-bridge migrator in Prisma's format; keep it in version control.\nprovider = "${PROVIDER}"\n`;
}

/** The provider a lock file declares, or null when it declares none. */
export function lockFileProvider(content: string): string | null {
  const match = /^\s*provider\s*=\s*"([^"]*)"\s*$/m.exec(content);
  return match?.[1] ?? null;
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}

/** Migrations sorted by name (their timestamps), as Prisma applies them. Empty when the directory is missing. */
export async function readMigrations(migrationsDir: string): Promise<MigrationSource[]> {
  if (!(await isDirectory(migrationsDir))) return [];
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, MIGRATION_FILE);
      const sql = await readFile(file, 'utf8').catch((error: unknown) => {
        throw new MigrationsDirectoryError(`migration ${name} has no readable ${MIGRATION_FILE}`, {
          cause: error,
        });
      });
      return { name, sql };
    }),
  );
}

/** Reads the lock file and refuses another provider's history. Null when there is no lock file. */
export async function readLockFile(migrationsDir: string): Promise<string | null> {
  const content = await readFile(path.join(migrationsDir, LOCK_FILE), 'utf8').catch(() => null);
  if (content === null) return null;
  const provider = lockFileProvider(content);
  if (provider !== PROVIDER) {
    throw new MigrationsDirectoryError(
      `${LOCK_FILE} declares provider "${provider ?? '(none)'}", expected "${PROVIDER}"`,
    );
  }
  return content;
}

/** The engine's view of the migrations directory. */
export async function loadMigrationList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const [lockFile, migrations] = await Promise.all([readLockFile(baseDir), readMigrations(baseDir)]);
  if (migrations.length > 0 && lockFile === null) {
    throw new MigrationsDirectoryError(`${baseDir} has migrations but no ${LOCK_FILE}`);
  }
  return {
    baseDir,
    lockfile: { path: LOCK_FILE, content: lockFile },
    shadowDbInitScript: '',
    migrationDirectories: migrations.map((migration) => ({
      path: migration.name,
      migrationFile: { path: MIGRATION_FILE, content: { tag: 'ok', value: migration.sql } },
    })),
  };
}

/** Writes `<dir>/<directoryName>/migration.sql`, and the lock file when it is missing. */
export async function writeMigration(
  migrationsDir: string,
  directoryName: string,
  sql: string,
): Promise<string> {
  if (!isMigrationDirectoryName(directoryName)) {
    throw new InvalidNameError(`"${directoryName}" is not a migration directory name (<timestamp>_<name>)`);
  }
  const dir = path.join(migrationsDir, directoryName);
  if (await isDirectory(dir)) throw new MigrationsDirectoryError(`${dir} already exists`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, MIGRATION_FILE), sql, 'utf8');
  if ((await readLockFile(migrationsDir)) === null) {
    await writeFile(path.join(migrationsDir, LOCK_FILE), lockFileContent(), 'utf8');
  }
  return dir;
}
