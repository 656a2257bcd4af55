/**
 * Values the integration project's global setup hands to every test worker (vitest `provide` /
 * `inject`): the migrated template to clone, and this run's id, which prefixes every database the
 * run creates so the teardown can remove what a crashed test left behind.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    mwlTemplateDatabase: string;
    mwlTestRunId: string;
  }
}

export const TEST_DATABASE_PREFIX = 'mwl_test_';

/** Prefix of the databases one run creates: `mwl_test_<runId>_`. */
export function testDatabasePrefix(runId: string): string {
  return `${TEST_DATABASE_PREFIX}${runId}_`;
}
