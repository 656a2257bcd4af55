import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseServerUrl, type TestDatabase } from '../testing/index.ts';
import { MigrationFailedError } from '../errors.ts';
import { migrationChecksum, readMigrations } from './migration-files.ts';
import {
  applyMigrations,
  checkDrift,
  createMigration,
  markMigrationRolledBack,
  migrationStatus,
} from './migrator.ts';

const repoPrisma = fileURLToPath(new URL('../../../../prisma/', import.meta.url));
const repoMigrations = path.join(repoPrisma, 'migrations');
const repoSchema = path.join(repoPrisma, 'schema.prisma');

async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A scratch copy of prisma/ (schema + migrations) the test may change. */
async function copyOfPrismaDir(): Promise<{ dir: string; schemaPath: string; migrationsDir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mwl-migrator-'));
  await cp(repoMigrations, path.join(dir, 'migrations'), { recursive: true });
  await cp(repoSchema, path.join(dir, 'schema.prisma'));
  return { dir, schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
}

const databases: TestDatabase[] = [];
const tempDirs: string[] = [];

async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ empty: true });
  databases.push(database);
  return database;
}

afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('applyMigrations', () => {
  let database: TestDatabase;
  let applied: string[];

  beforeAll(async () => {
    database = await emptyDatabase();
    applied = await applyMigrations({ databaseUrl: database.databaseUrl, migrationsDir: repoMigrations });
  });

  it('applies every migration of the repository to an empty database, oldest first', async () => {
    const onDisk = (await readMigrations(repoMigrations)).map((migration) => migration.name);
    expect(onDisk.length).toBeGreaterThan(0);
    expect(applied).toEqual(onDisk);
  });

  it('creates the tables of the schema', async () => {
    const tables = await query<{ table_name: string }>(
      database.databaseUrl,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        '_prisma_migrations',
        'mpps_instance',
        'mpps_worklist_link',
        'rejection',
        'source_cursor',
        'sync_run',
        'worklist_item',
      ]),
    );
  });

  it("records each migration in _prisma_migrations with the sha256 of its file, as Prisma's CLI does", async () => {
    const rows = await query<{ migration_name: string; checksum: string; finished: boolean; steps: number }>(
      database.databaseUrl,
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count AS steps
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    const onDisk = await readMigrations(repoMigrations);
    expect(rows).toEqual(
      onDisk.map((migration) => ({
        migration_name: migration.name,
        checksum: migrationChecksum(migration.sql),
        finished: true,
        steps: 1,
      })),
    );
  });

  it('applies nothing the second time', async () => {
    await expect(
      applyMigrations({ databaseUrl: database.databaseUrl, migrationsDir: repoMigrations }),
    ).resolves.toEqual([]);
    const [count] = await query<{ n: string }>(
      database.databaseUrl,
      'SELECT count(*) AS n FROM _prisma_migrations',
    );
    expect(Number(count?.n)).toBe(applied.length);
  });

  it('reports the database as up to date', async () => {
    const status = await migrationStatus({
      databaseUrl: database.databaseUrl,
      migrationsDir: repoMigrations,
    });
    expect(status).toEqual({ pending: [], unknown: [], failed: [], edited: [], upToDate: true });
  });
});

describe('two migrators at once (replicas starting together)', () => {
  it('apply each migration exactly once: the second waits for the advisory lock, then finds nothing to do', async () => {
    const database = await emptyDatabase();
    const target = { databaseUrl: database.databaseUrl, migrationsDir: repoMigrations };
    const results = await Promise.all([applyMigrations(target), applyMigrations(target)]);
    const onDisk = (await readMigrations(repoMigrations)).map((migration) => migration.name);
    expect(results.flat().sort()).toEqual(onDisk);
    const [count] = await query<{ n: string }>(
      database.databaseUrl,
      'SELECT count(*) AS n FROM _prisma_migrations',
    );
    expect(Number(count?.n)).toBe(onDisk.length);
  });
});

describe('a migration that fails', () => {
  let database: TestDatabase;
  let migrationsDir: string;
  const broken = '20990101000000_broken';

  beforeAll(async () => {
    database = await emptyDatabase();
    const copy = await copyOfPrismaDir();
    tempDirs.push(copy.dir);
    migrationsDir = copy.migrationsDir;
    await mkdir(path.join(migrationsDir, broken));
    await writeFile(
      path.join(migrationsDir, broken, 'migration.sql'),
      '-- a valid statement, then one that fails\nCREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);\n',
    );
  });

  it('throws an error naming the migration and the cause', async () => {
    const failure = applyMigrations({ databaseUrl: database.databaseUrl, migrationsDir });
    await expect(failure).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(failure).rejects.toThrow(/20990101000000_broken[\s\S]*no_such_table/);
  });

  it('leaves none of its statements behind: the script runs as one transaction', async () => {
    const rows = await query(database.databaseUrl, "SELECT 1 FROM pg_tables WHERE tablename = 'half_done'");
    expect(rows).toEqual([]);
  });

  it('is reported as failed, and the migrations before it as applied', async () => {
    const status = await migrationStatus({ databaseUrl: database.databaseUrl, migrationsDir });
    expect(status.failed).toEqual([broken]);
    expect(status.upToDate).toBe(false);
  });

  it('applies once fixed and marked rolled back', async () => {
    await writeFile(path.join(migrationsDir, broken, 'migration.sql'), 'CREATE TABLE half_done (id int);\n');
    await markMigrationRolledBack({ databaseUrl: database.databaseUrl, migrationsDir, name: broken });
    await expect(applyMigrations({ databaseUrl: database.databaseUrl, migrationsDir })).resolves.toEqual([
      broken,
    ]);
    const status = await migrationStatus({ databaseUrl: database.databaseUrl, migrationsDir });
    expect(status.upToDate).toBe(true);
  });
});

describe('checkDrift', () => {
  let copy: Awaited<ReturnType<typeof copyOfPrismaDir>>;
  const serverUrl = testDatabaseServerUrl();

  beforeAll(async () => {
    copy = await copyOfPrismaDir();
    tempDirs.push(copy.dir);
  });

  afterEach(async () => {
    // Each test starts again from the repository's files.
    await rm(copy.dir, { recursive: true, force: true });
    await cp(repoMigrations, copy.migrationsDir, { recursive: true });
    await cp(repoSchema, copy.schemaPath);
  });

  it('finds no drift between the repository schema and its migrations', async () => {
    await expect(
      checkDrift({ databaseUrl: serverUrl, schemaPath: repoSchema, migrationsDir: repoMigrations }),
    ).resolves.toBe('');
  });

  it('reports the missing SQL when the schema gains a field without a migration', async () => {
    await addFieldToWorklistItem(copy.schemaPath);
    const drift = await checkDrift({ databaseUrl: serverUrl, ...copy });
    expect(drift).toMatch(/ALTER TABLE "worklist_item" ADD COLUMN\s+"drift_probe" TEXT/);
  });

  it('finds no drift again once db:diff has written the migration, and db:diff then has nothing to do', async () => {
    await addFieldToWorklistItem(copy.schemaPath);
    const created = await createMigration({ databaseUrl: serverUrl, ...copy, name: 'Add drift probe' });
    expect(created?.name).toMatch(/^\d{14}_add_drift_probe$/);
    expect(created?.sql).toMatch(/ADD COLUMN\s+"drift_probe" TEXT/);
    expect(await readFile(path.join(created!.directory, 'migration.sql'), 'utf8')).toBe(created?.sql);
    await expect(checkDrift({ databaseUrl: serverUrl, ...copy })).resolves.toBe('');
    await expect(createMigration({ databaseUrl: serverUrl, ...copy, name: 'again' })).resolves.toBeNull();
  });

  it('leaves no shadow or scratch database behind', async () => {
    const shadows = async () =>
      (
        await query<{ datname: string }>(
          serverUrl,
          "SELECT datname FROM pg_database WHERE datname LIKE 'mwl\\_shadow\\_%'",
        )
      ).map((row) => row.datname);
    const before = await shadows();
    await addFieldToWorklistItem(copy.schemaPath);
    await checkDrift({ databaseUrl: serverUrl, ...copy });
    await createMigration({ databaseUrl: serverUrl, ...copy, name: 'probe' });
    const after = await shadows();
    expect(after.filter((name) => !before.includes(name))).toEqual([]);
  });
});

async function addFieldToWorklistItem(schemaPath: string): Promise<void> {
  const schema = await readFile(schemaPath, 'utf8');
  const changed = schema.replace(
    /model WorklistItem \{\n/,
    'model WorklistItem {\n  driftProbe String? @map("drift_probe")\n',
  );
  expect(changed).not.toBe(schema);
  await writeFile(schemaPath, changed);
}
