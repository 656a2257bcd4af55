// Vitest global setup of the `integration` project (see vitest.config.ts): builds the services'
// JavaScript (tests run the `mwl-bridge` command as a site would), finds Postgres and Redis (the
// variables, else the local defaults, else testcontainers: see test-services.ts), builds or reuses
// the migrated template database, provides its name to the tests, and at the end drops every
// database this run created that a test did not drop itself, and stops the containers it started.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { dropDatabase, listDatabases } from '@mwl/db';
import { ensureTemplateDatabase, testDatabasePrefix, testDatabaseServerUrl } from '@mwl/db/testing/setup';
import { resolveTestServices } from './resolve-test-services.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const buildScript = fileURLToPath(new URL('../../../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [buildScript, '--quiet'], { stdio: 'inherit' });
  const services = await resolveTestServices(process.env);
  const serverUrl = testDatabaseServerUrl();
  const template = await ensureTemplateDatabase({ serverUrl }).catch(async (error: unknown) => {
    await services.stop();
    throw error;
  });
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  project.provide('mwlTemplateDatabase', template.name);
  project.provide('mwlTestRunId', runId);

  return async () => {
    const leftovers = await listDatabases(serverUrl, testDatabasePrefix(runId));
    for (const name of leftovers) await dropDatabase(serverUrl, name);
    await services.stop();
  };
}
