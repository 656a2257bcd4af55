import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect } from 'vitest';
import { dbTest } from './testing/index.ts';
import { createPrismaClient } from './client.ts';
import { sqlRunnerOf, type SqlRunner } from './repositories/direct-sql.ts';
import { sqlTransactionOf } from './repositories/direct-transaction.ts';

async function connectionsNamed(databaseUrl: string, applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe('createPrismaClient', () => {
  dbTest('reads and writes through the pg adapter', async ({ testDatabase }) => {
    const prisma = createPrismaClient({ databaseUrl: testDatabase.databaseUrl, poolSize: 2 });
    try {
      await prisma.sourceCursor.create({
        data: { source: 'redcap-a', windowEnd: new Date('2026-11-23T10:00:00Z') },
      });
      const cursor = await prisma.sourceCursor.findUniqueOrThrow({ where: { source: 'redcap-a' } });
      expect(cursor.windowEnd.toISOString()).toBe('2026-11-23T10:00:00.000Z');
    } finally {
      await prisma.$disconnect();
    }
  });

  dbTest('never opens more connections than the pool size', async ({ testDatabase }) => {
    const applicationName = `mwl-pool-${randomBytes(4).toString('hex')}`;
    const prisma = createPrismaClient({
      databaseUrl: testDatabase.databaseUrl,
      poolSize: 2,
      applicationName,
    });
    try {
      await Promise.all(
        Array.from({ length: 8 }, () => prisma.$queryRaw`SELECT 1 AS one FROM pg_sleep(0.05)`),
      );
      expect(await connectionsNamed(testDatabase.databaseUrl, applicationName)).toBe(2);
    } finally {
      await prisma.$disconnect();
    }
  });

  dbTest('closes every connection on $disconnect', async ({ testDatabase }) => {
    const applicationName = `mwl-close-${randomBytes(4).toString('hex')}`;
    const prisma = createPrismaClient({ databaseUrl: testDatabase.databaseUrl, applicationName });
    await prisma.$queryRaw`SELECT 1`;
    expect(await connectionsNamed(testDatabase.databaseUrl, applicationName)).toBeGreaterThan(0);
    await prisma.$disconnect();
    await expect.poll(() => connectionsNamed(testDatabase.databaseUrl, applicationName)).toBe(0);
  });
});

describe('the direct transactions of createPrismaClient', () => {
  const indexScans = (run: SqlRunner) =>
    run<{ setting: string }>("SELECT current_setting('enable_indexscan') AS setting", []);

  dbTest('keep a SET LOCAL to the transaction and its connection', async ({ testDatabase }) => {
    const prisma = createPrismaClient({ databaseUrl: testDatabase.databaseUrl, poolSize: 1 });
    try {
      const inside = await sqlTransactionOf(prisma)(async (run) => {
        await run('SET LOCAL enable_indexscan = off', []);
        return indexScans(run);
      });
      expect(inside).toEqual([{ setting: 'off' }]);
      expect(await indexScans(sqlRunnerOf(prisma))).toEqual([{ setting: 'on' }]);
    } finally {
      await prisma.$disconnect();
    }
  });

  dbTest('roll back when the work throws, and the connection serves again', async ({ testDatabase }) => {
    const prisma = createPrismaClient({ databaseUrl: testDatabase.databaseUrl, poolSize: 1 });
    try {
      const failed = sqlTransactionOf(prisma)(async (run) => {
        await run("INSERT INTO source_cursor (source, window_end) VALUES ('redcap-a', now())", []);
        throw new Error('work failed');
      });
      await expect(failed).rejects.toThrow('work failed');
      expect(await prisma.sourceCursor.count()).toBe(0);
    } finally {
      await prisma.$disconnect();
    }
  });
});
