import { describe, expect, it } from 'vitest';
import { chooseTestServices, type TestServiceFacts, type TestServicesChoice } from './test-services.ts';

const CI_ENV = { DATABASE_URL: 'postgresql://ci@db:5432/postgres', REDIS_URL: 'redis://cache:6379' };
const none = { postgres: false, redis: false };
const both = { postgres: true, redis: true };

const fromEnv = (url: string) => ({ kind: 'env', url }) as const;
const atDefault = (url: string) => ({ kind: 'default', url }) as const;
const container = { kind: 'container' } as const;

describe('chooseTestServices', () => {
  it.each<[string, TestServiceFacts, TestServicesChoice]>([
    [
      'uses both variables as given when they are set (CI), whatever answers elsewhere',
      { env: CI_ENV, defaultAnswers: none, dockerReachable: true },
      {
        ok: true,
        services: {
          postgres: fromEnv('postgresql://ci@db:5432/postgres'),
          redis: fromEnv('redis://cache:6379'),
        },
      },
    ],
    [
      'uses the default addresses when nothing is set and both answer there, even with Docker',
      { env: {}, defaultAnswers: both, dockerReachable: true },
      {
        ok: true,
        services: {
          postgres: atDefault('postgresql://postgres@127.0.0.1:5432/postgres'),
          redis: atDefault('redis://127.0.0.1:6379'),
        },
      },
    ],
    [
      'uses the default addresses when nothing is set, both answer and no Docker is reachable',
      { env: {}, defaultAnswers: both, dockerReachable: false },
      {
        ok: true,
        services: {
          postgres: atDefault('postgresql://postgres@127.0.0.1:5432/postgres'),
          redis: atDefault('redis://127.0.0.1:6379'),
        },
      },
    ],
    [
      'starts both containers when nothing is set, nothing answers and Docker is reachable',
      { env: {}, defaultAnswers: none, dockerReachable: true },
      { ok: true, services: { postgres: container, redis: container } },
    ],
    [
      'starts only the container of the service that has neither variable nor default server',
      { env: {}, defaultAnswers: { postgres: true, redis: false }, dockerReachable: true },
      {
        ok: true,
        services: {
          postgres: atDefault('postgresql://postgres@127.0.0.1:5432/postgres'),
          redis: container,
        },
      },
    ],
    [
      'mixes a set variable with a container for the other service',
      { env: { DATABASE_URL: 'postgresql://me@db/postgres' }, defaultAnswers: none, dockerReachable: true },
      { ok: true, services: { postgres: fromEnv('postgresql://me@db/postgres'), redis: container } },
    ],
    [
      'treats an empty variable as unset',
      { env: { DATABASE_URL: '', REDIS_URL: '' }, defaultAnswers: both, dockerReachable: false },
      {
        ok: true,
        services: {
          postgres: atDefault('postgresql://postgres@127.0.0.1:5432/postgres'),
          redis: atDefault('redis://127.0.0.1:6379'),
        },
      },
    ],
  ])('%s', (_case, facts, expected) => {
    expect(chooseTestServices(facts)).toEqual(expected);
  });

  it('fails, naming both services and what to set, when nothing is set, nothing answers and no Docker is reachable', () => {
    const choice = chooseTestServices({ env: {}, defaultAnswers: none, dockerReachable: false });
    expect(choice).toEqual({
      ok: false,
      message: [
        'The integration tests need Postgres and Redis, and cannot find:',
        '  - Postgres: DATABASE_URL is not set and nothing answers at postgresql://postgres@127.0.0.1:5432/postgres',
        '  - Redis: REDIS_URL is not set and nothing answers at redis://127.0.0.1:6379',
        'and no Docker engine is reachable to start them with testcontainers. Either:',
        '  - set DATABASE_URL (a Postgres 16 superuser URL) and REDIS_URL (a Redis 7 URL), as `bash .ci/run` does;',
        '  - or run Postgres on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379;',
        '  - or start Docker (or set DOCKER_HOST): postgres:16-alpine and redis:7-alpine then start for the run.',
      ].join('\n'),
    });
  });

  it('fails naming only the missing service when the other one is provided', () => {
    const choice = chooseTestServices({
      env: { DATABASE_URL: 'postgresql://me@db/postgres' },
      defaultAnswers: none,
      dockerReachable: false,
    });
    expect(choice.ok).toBe(false);
    const message = choice.ok ? '' : choice.message;
    expect(message).toContain(
      '  - Redis: REDIS_URL is not set and nothing answers at redis://127.0.0.1:6379',
    );
    expect(message).not.toContain('  - Postgres:');
  });
});
