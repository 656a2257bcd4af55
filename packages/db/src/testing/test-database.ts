import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase, databaseUrlFor, dropDatabase } from '../index.ts';
import { testDatabasePrefix } from './provided-context.ts';
import { testDatabaseServerUrl } from './test-env.ts';

export interface TestDatabase {
  /** `mwl_test_<run>_<random>` */
  name: string;
  /** Connection string for this database only. */
  databaseUrl: string;
  /** Drops the database, closing whatever is still connected. Safe to call twice. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Server to create it on; default `DATABASE_URL` or the local default. */
  serverUrl?: string;
  /** Template to clone; default the one the global setup built. */
  template?: string;
  /** An empty database instead of a clone (no tables): for migrator tests. */
  empty?: boolean;
}

/**
 * A fresh database cloned from the migrated template: every table there, every table empty,
 * nobody else using it. Drop it when done (the fixtures in this package do; the global teardown
 * drops any the run forgot).
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? testDatabaseServerUrl();
  const template = options.template ?? inject('mwlTemplateDatabase');
  const runId = inject('mwlTestRunId');
  if (!template || !runId) {
    throw new Error(
      'no template database: run integration tests through the vitest "integration" project, whose ' +
        'globalSetup (packages/testing/src/global-setup.ts) builds it',
    );
  }
  const name = `${testDatabasePrefix(runId)}${randomBytes(5).toString('hex')}`;
  await createDatabase(serverUrl, name, options.empty ? {} : { template });
  let dropped: Promise<void> | undefined;
  return {
    name,
    databaseUrl: databaseUrlFor(serverUrl, name),
    drop: () => (dropped ??= dropDatabase(serverUrl, name)),
  };
}
