import { TEST_SERVICES, type TestServiceName } from './test-services.ts';

/**
 * Postgres 16 and Redis 7 in containers for a test run, for contributors who have Docker but no
 * local servers. Needs a Docker engine: `MWL_TEST_DOCKER=1 npx vitest run --project integration
 * packages/testing/src/test-services.int.test.ts` checks it. testcontainers is imported here,
 * dynamically, so runs that use DATABASE_URL/REDIS_URL or local servers never load it.
 */

export interface StartedTestServices {
  /** The URL of each started service, to put in DATABASE_URL / REDIS_URL. */
  urls: Partial<Record<TestServiceName, string>>;
  stop(): Promise<void>;
}

interface Stoppable {
  stop(): Promise<unknown>;
}

export async function startTestContainers(names: readonly TestServiceName[]): Promise<StartedTestServices> {
  const started: Stoppable[] = [];
  const urls: Partial<Record<TestServiceName, string>> = {};
  const stop = async () => {
    await Promise.allSettled(started.map((container) => container.stop()));
  };
  try {
    if (names.includes('postgres')) {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      // The superuser `postgres` on database `postgres`, like the default local server: tests create
      // and drop databases on it.
      const postgres = await new PostgreSqlContainer(TEST_SERVICES.postgres.image)
        .withUsername('postgres')
        .withPassword('postgres')
        .withDatabase('postgres')
        .start();
      started.push(postgres);
      urls.postgres = postgres.getConnectionUri();
    }
    if (names.includes('redis')) {
      const { RedisContainer } = await import('@testcontainers/redis');
      const redis = await new RedisContainer(TEST_SERVICES.redis.image).start();
      started.push(redis);
      urls.redis = redis.getConnectionUrl();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, stop };
}
