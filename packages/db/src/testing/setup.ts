// @mwl/db/testing/setup: what the integration project's global setup needs, without the vitest
// fixtures (`test.extend` may run only inside a test worker, the global setup runs outside one).
export { DEFAULT_DATABASE_URL, testDatabaseServerUrl } from './test-env.ts';
export { TEST_DATABASE_PREFIX, testDatabasePrefix } from './provided-context.ts';
export { ensureTemplateDatabase, templateDatabaseName, type TemplateDatabase } from './template-database.ts';
