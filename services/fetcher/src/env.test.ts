import { parseEnv } from '@mwl/config';
import { describe, expect, it } from 'vitest';
import { fetcherEnvSchema } from './env.ts';

const base = {
  MWL_CONFIG: '/etc/mwl/mwl.json',
  DATABASE_URL: 'postgresql://fetcher@db:5432/mwl',
  REDIS_URL: 'redis://redis:6379',
  QUEUE_ENCRYPTION: 'off',
};
const readFile = () => {
  throw Object.assign(new Error('missing'), { code: 'ENOENT' });
};
const parse = (env: Record<string, string>) => parseEnv(fetcherEnvSchema, env, { readFile });

describe('fetcher environment', () => {
  it('applies the documented defaults', () => {
    expect(parse(base)).toMatchObject({
      ok: true,
      env: { QUEUE_PREFIX: 'mwl', HEALTH_PORT: 9464, LOG_LEVEL: 'info', SHUTDOWN_DEADLINE_MS: 25_000 },
    });
  });

  it('reads FETCHER_SOURCES as a list of names', () => {
    expect(parse({ ...base, FETCHER_SOURCES: 'redcap, calpendo_mri ,' })).toMatchObject({
      ok: true,
      env: { FETCHER_SOURCES: ['redcap', 'calpendo_mri'] },
    });
  });

  it('reports every problem at once, by variable name', () => {
    const result = parse({ FETCHER_SOURCES: 'Bad Name', REDIS_URL: 'http://x' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path).sort()).toEqual([
      'DATABASE_URL',
      'FETCHER_SOURCES',
      'REDIS_URL',
    ]);
  });
});
