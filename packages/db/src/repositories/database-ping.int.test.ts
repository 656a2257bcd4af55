import { describe, expect } from 'vitest';
import { createPrismaClient } from '../client.ts';
import { dbTest } from '../testing/index.ts';
import { pingDatabase } from './database-ping.ts';

describe('pingDatabase', () => {
  dbTest('answers on a client with a pool and on a transaction client', async ({ prisma }) => {
    await expect(pingDatabase(prisma)).resolves.toBeUndefined();
    await expect(prisma.$transaction((tx) => pingDatabase(tx))).resolves.toBeUndefined();
  });

  dbTest('fails when the database cannot be reached', async ({ testDatabase }) => {
    const url = new URL(testDatabase.databaseUrl);
    url.port = '1'; // nothing listens there
    const unreachable = createPrismaClient({ databaseUrl: url.toString(), connectionTimeoutMillis: 2_000 });
    try {
      await expect(pingDatabase(unreachable)).rejects.toThrow();
    } finally {
      await unreachable.$disconnect();
    }
  });
});
