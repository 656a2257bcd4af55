// @mwl/testing: test-only infrastructure (vitest fixtures, template-database clones, queue
// prefixes, fake sources). Never imported by production code. The database fixtures live in
// @mwl/db/testing (so @mwl/db's own tests use them without a package cycle) and are re-exported here.
export {
  createTestDatabase,
  dbTest,
  ensureTemplateDatabase,
  templateDatabaseName,
  testDatabaseServerUrl,
  useTestDatabase,
  type CreateTestDatabaseOptions,
  type DatabaseFixtures,
  type TemplateDatabase,
  type TestDatabase,
} from '@mwl/db/testing';
export * from './queue.ts';
export * from './fake-calpendo/index.ts';
export * from './fake-redcap/index.ts';
