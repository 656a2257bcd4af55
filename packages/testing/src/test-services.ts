import { DEFAULT_DATABASE_URL } from '@mwl/db/testing/setup';
import { DEFAULT_REDIS_URL } from './test-env.ts';

/**
 * Where the integration tests find Postgres and Redis, decided per service, in this order:
 *   1. its variable (`DATABASE_URL`, `REDIS_URL`), as CI sets them: used as given, nothing probed;
 *   2. the default address (loopback, trust auth) when something answers there, as on this project's
 *      development machine, so `npm test` with nothing set keeps working without Docker;
 *   3. a testcontainers container (Postgres 16, Redis 7) when a Docker engine is reachable, so
 *      `npm test` works on a contributor's laptop with only Docker;
 *   4. else a clear failure that says what to set.
 * Pure: the probes (`defaultAnswers`, `dockerReachable`) are done by the caller.
 */

export type TestServiceName = 'postgres' | 'redis';

export type TestServiceSource =
  { kind: 'env'; url: string } | { kind: 'default'; url: string } | { kind: 'container' };

export interface TestServiceFacts {
  env: Readonly<Record<string, string | undefined>>;
  /** Whether something answers at each service's default address (irrelevant when its variable is set). */
  defaultAnswers: Readonly<Record<TestServiceName, boolean>>;
  /** Whether a Docker engine answers (only needed when a service has neither variable nor default). */
  dockerReachable: boolean;
}

export type TestServicesChoice =
  { ok: true; services: Record<TestServiceName, TestServiceSource> } | { ok: false; message: string };

export const TEST_SERVICES: Readonly<
  Record<
    TestServiceName,
    { label: string; variable: string; defaultUrl: string; port: number; image: string }
  >
> = {
  postgres: {
    label: 'Postgres',
    variable: 'DATABASE_URL',
    defaultUrl: DEFAULT_DATABASE_URL,
    port: 5432,
    image: 'postgres:16-alpine',
  },
  redis: {
    label: 'Redis',
    variable: 'REDIS_URL',
    defaultUrl: DEFAULT_REDIS_URL,
    port: 6379,
    image: 'redis:7-alpine',
  },
};

export const TEST_SERVICE_NAMES = Object.keys(TEST_SERVICES) as TestServiceName[];

/** The services that neither a variable nor a server at the default address provides. */
export function servicesWithoutServer(
  facts: Pick<TestServiceFacts, 'env' | 'defaultAnswers'>,
): TestServiceName[] {
  return TEST_SERVICE_NAMES.filter(
    (name) => !facts.env[TEST_SERVICES[name].variable] && !facts.defaultAnswers[name],
  );
}

export function chooseTestServices(facts: TestServiceFacts): TestServicesChoice {
  const missing = servicesWithoutServer(facts);
  if (missing.length > 0 && !facts.dockerReachable) return { ok: false, message: failureMessage(missing) };
  const source = (name: TestServiceName): TestServiceSource => {
    const fromEnv = facts.env[TEST_SERVICES[name].variable];
    if (fromEnv) return { kind: 'env', url: fromEnv };
    if (facts.defaultAnswers[name]) return { kind: 'default', url: TEST_SERVICES[name].defaultUrl };
    return { kind: 'container' };
  };
  return { ok: true, services: { postgres: source('postgres'), redis: source('redis') } };
}

function failureMessage(missing: readonly TestServiceName[]): string {
  const lines = missing.map((name) => {
    const { label, variable, defaultUrl } = TEST_SERVICES[name];
    return `  - ${label}: ${variable} is not set and nothing answers at ${defaultUrl}`;
  });
  return [
    'The integration tests need Postgres and Redis, and cannot find:',
    ...lines,
    'and no Docker engine is reachable to start them with testcontainers. Either:',
    '  - set DATABASE_URL (a Postgres 16 superuser URL) and REDIS_URL (a Redis 7 URL), as `bash .ci/run` does;',
    '  - or run Postgres on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379;',
    '  - or start Docker (or set DOCKER_HOST): postgres:16-alpine and redis:7-alpine then start for the run.',
  ].join('\n');
}
