import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationFailedError } from '../errors.ts';
import { defaultMigrationsDir, migrationChecksum, readMigrations } from '../migrator/migration-files.ts';
import { createEmbeddedPrismaClient, type EmbeddedDatabase } from './embedded-client.ts';

describe('createEmbeddedPrismaClient', () => {
  let dataDir: string;
  let first: EmbeddedDatabase;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'mwl-pglite-'));
    first = await createEmbeddedPrismaClient({ dataDir });
  });

  afterAll(async () => {
    await first.close().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('applies every migration to a new data folder, recorded with the checksums of the files', async () => {
    const onDisk = await readMigrations(defaultMigrationsDir());
    expect(first.appliedMigrations).toEqual(onDisk.map((migration) => migration.name));
    const rows = await first.prisma.$queryRaw<{ migration_name: string; checksum: string; steps: number }[]>`
      SELECT migration_name, checksum, applied_steps_count AS steps
        FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
    expect(rows).toEqual(
      onDisk.map((migration) => ({
        migration_name: migration.name,
        checksum: migrationChecksum(migration.sql),
        steps: 1,
      })),
    );
  });

  it("runs with the small shared_buffers of EMBEDDED_SETTINGS, not initdb's 128MB", async () => {
    const [row] = await first.prisma.$queryRaw<{ shared_buffers: string }[]>`
      SELECT current_setting('shared_buffers') AS shared_buffers`;
    expect(row?.shared_buffers).toBe('16MB');
  });

  it('reads and writes the worklist tables through Prisma', async () => {
    await first.prisma.sourceCursor.create({
      data: { source: 'calpendo', windowEnd: new Date('2026-11-23T10:00:00Z') },
    });
    const cursor = await first.prisma.sourceCursor.findUniqueOrThrow({ where: { source: 'calpendo' } });
    expect(cursor.windowEnd.toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  // The root package.json overrides @electric-sql/pglite so the adapter and @mwl/db share one copy;
  // with two copies the adapter's `instanceof DatabaseError` misses and errors reach Prisma unmapped.
  it("maps a unique violation to Prisma's P2002, as on the server", async () => {
    const duplicate = first.prisma.sourceCursor.create({
      data: { source: 'calpendo', windowEnd: new Date() },
    });
    await expect(duplicate).rejects.toMatchObject({ code: 'P2002' });
  });

  it('reopens the folder with its data and applies nothing twice', async () => {
    await first.close();
    const again = await createEmbeddedPrismaClient({ dataDir });
    try {
      expect(again.appliedMigrations).toEqual([]);
      expect(await again.prisma.sourceCursor.count()).toBe(1);
    } finally {
      await again.close();
    }
  });
});

describe('createEmbeddedPrismaClient with a migration that fails', () => {
  it('rolls the migration back, records it as failed, and refuses to open until it is resolved', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mwl-pglite-broken-'));
    try {
      const migrationsDir = path.join(dir, 'migrations');
      await cp(defaultMigrationsDir(), migrationsDir, { recursive: true });
      await mkdir(path.join(migrationsDir, '20990101000000_broken'));
      await writeFile(
        path.join(migrationsDir, '20990101000000_broken', 'migration.sql'),
        'CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);\n',
      );
      const dataDir = path.join(dir, 'data');
      const opening = createEmbeddedPrismaClient({ dataDir, migrationsDir });
      await expect(opening).rejects.toBeInstanceOf(MigrationFailedError);
      await expect(opening).rejects.toThrow(/20990101000000_broken failed: .*no_such_table/);
      await expect(createEmbeddedPrismaClient({ dataDir, migrationsDir })).rejects.toThrow(
        /20990101000000_broken failed earlier/,
      );
      const pglite = await PGlite.create(dataDir);
      try {
        const tables = await pglite.query("SELECT 1 FROM pg_tables WHERE tablename = 'half_done'");
        const record = await pglite.query<{ finished: boolean; logged: boolean }>(
          `SELECT finished_at IS NOT NULL AS finished, logs IS NOT NULL AS logged
             FROM _prisma_migrations WHERE migration_name = '20990101000000_broken'`,
        );
        expect(tables.rows).toEqual([]);
        expect(record.rows).toEqual([{ finished: false, logged: true }]);
      } finally {
        await pglite.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
