// @mwl/testing: test-only infrastructure (vitest fixtures, template-database clones, queue
// prefixes). Never imported by production code. Benches import only the vitest-free subpaths
// (`/queue-keys`, `/fake-redcap`, `/fake-calpendo`): this entry registers vitest fixtures.
import './provided-context.ts';

export { createTestDatabase, type CreateTestDatabaseOptions, type TestDatabase } from './test-database.ts';
export { dbTest, useTestDatabase, type DatabaseFixtures } from './fixtures.ts';
export { uniqueQueuePrefix } from './queue-prefix.ts';
export { deleteQueueKeys } from './queue-keys.ts';
export { testDatabaseServerUrl, testRedisUrl } from './test-env.ts';
export { ensureTemplateDatabase, templateDatabaseName, type TemplateDatabase } from './template-database.ts';
export * from './fake-calpendo/index.ts';
export * from './fake-redcap/index.ts';
