// @mwl/db/testing: the database half of the test infrastructure (template-database clones, vitest
// fixtures). It lives here, not in @mwl/testing, so @mwl/db's own tests can use it without a
// package cycle (@mwl/testing depends on @mwl/db); @mwl/testing re-exports it for everyone else.
// Never imported by production code.
import './provided-context.ts';

export { createTestDatabase, type CreateTestDatabaseOptions, type TestDatabase } from './test-database.ts';
export { dbTest, useTestDatabase, type DatabaseFixtures } from './fixtures.ts';
export * from './setup.ts';
