import { afterAll, beforeAll, test } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../index.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface DatabaseFixtures {
  /** This test's own database, cloned from the migrated template, dropped after the test. */
  testDatabase: TestDatabase;
  /** A PrismaClient on `testDatabase`, disconnected after the test. */
  prisma: PrismaClient;
}

/**
 * `test` with a database per test. Works with `dbTest.concurrent` / `describe.concurrent`: every
 * test gets its own clone.
 *
 *   dbTest('stores the entry', async ({ prisma }) => { ... })
 */
export const dbTest = test.extend<DatabaseFixtures>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from the pattern
  testDatabase: async ({}, use) => {
    const database = await createTestDatabase();
    try {
      await use(database);
    } finally {
      await database.drop();
    }
  },
  prisma: async ({ testDatabase }, use) => {
    const prisma = createPrismaClient({ databaseUrl: testDatabase.databaseUrl, poolSize: 4 });
    try {
      await use(prisma);
    } finally {
      await prisma.$disconnect();
    }
  },
});

/**
 * One database shared by the tests of the enclosing `describe` (or file): created before them,
 * dropped after them. Read `.current` inside tests and hooks, not at collection time.
 */
export function useTestDatabase(): { readonly current: TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get current(): TestDatabase {
      if (!database) throw new Error('useTestDatabase(): the database exists only inside tests and hooks');
      return database;
    },
  };
}
