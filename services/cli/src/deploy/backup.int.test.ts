import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@mwl/testing';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * docs/DEPLOY-VM.md's backup and restore, without Docker: the same `pg_dump -Fc` and
 * `pg_restore --clean --if-exists` against the real PostgreSQL, on a migrated database with a row.
 */

const run = promisify(execFile);
const databases: TestDatabase[] = [];
let dir: string | undefined;
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** psql's unaligned output of one statement (PostgreSQL's own client, as on the VM). */
async function psql(url: string, sql: string): Promise<string> {
  const { stdout } = await run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qtAc', sql]);
  return stdout.trim();
}

describe('backup and restore (pg_dump -Fc, pg_restore --clean --if-exists)', () => {
  it('restores the migrations and the data over a database that has changed since', async () => {
    const source = await createTestDatabase();
    databases.push(source);
    dir = await mkdtemp(join(tmpdir(), 'mwl-backup-'));
    const dump = join(dir, 'backup.dump');
    const migrations = (url: string) => psql(url, 'select count(*) from _prisma_migrations');
    const before = await migrations(source.databaseUrl);
    await psql(
      source.databaseUrl,
      "create table site_note (text text); insert into site_note values ('kept')",
    );

    await run('pg_dump', ['-d', source.databaseUrl, '-Fc', '-f', dump]);
    await psql(source.databaseUrl, 'delete from site_note; delete from _prisma_migrations');
    await run('pg_restore', ['-d', source.databaseUrl, '--clean', '--if-exists', dump]);

    expect(await migrations(source.databaseUrl)).toBe(before);
    expect(await psql(source.databaseUrl, 'select text from site_note')).toBe('kept');
  });
});
