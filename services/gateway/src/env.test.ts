import { parseEnv } from '@mwl/config';
import { describe, expect, it } from 'vitest';
import { gatewayEnvSchema } from './env.ts';

const readFile = (path: string): string => {
  if (path === '/run/secrets/db') return 'postgresql://mwl:secret@db:5432/mwl\n';
  throw Object.assign(new Error('missing'), { code: 'ENOENT' });
};

describe('gatewayEnvSchema', () => {
  it('needs only DATABASE_URL and fills the defaults', () => {
    const result = parseEnv(
      gatewayEnvSchema,
      { DATABASE_URL: 'postgresql://postgres@127.0.0.1/mwl' },
      { readFile },
    );
    expect(result).toEqual({
      ok: true,
      env: {
        DATABASE_URL: 'postgresql://postgres@127.0.0.1/mwl',
        HEALTH_HOST: '0.0.0.0',
        HEALTH_PORT: 9464,
        LOG_LEVEL: 'info',
        DB_POOL_SIZE: 10,
        DB_CONNECT_TIMEOUT_MS: 2000,
        CFIND_QUERY_TIMEOUT_MS: 3000,
        CFIND_PAGE_SIZE: 200,
        SHUTDOWN_DEADLINE_MS: 25000,
      },
    });
  });

  it('reads DATABASE_URL from a file and takes the overrides', () => {
    const result = parseEnv(
      gatewayEnvSchema,
      {
        DATABASE_URL_FILE: '/run/secrets/db',
        GATEWAY_PORT: '11112',
        GATEWAY_AE_TITLE: 'MWL',
        MWL_CONFIG: '/etc/mwl.json',
      },
      { readFile },
    );
    expect(result).toMatchObject({
      ok: true,
      env: {
        DATABASE_URL: 'postgresql://mwl:secret@db:5432/mwl',
        GATEWAY_PORT: 11112,
        GATEWAY_AE_TITLE: 'MWL',
        MWL_CONFIG: '/etc/mwl.json',
      },
    });
  });

  it('reports every problem at once, by variable name, without the secret', () => {
    const result = parseEnv(
      gatewayEnvSchema,
      {
        DATABASE_URL: 'mysql://user:hunter22@db',
        GATEWAY_PORT: '70000',
        GATEWAY_AE_TITLE: 'FAR_TOO_LONG_AE_TITLE',
        LOG_LEVEL: 'loud',
      },
      { readFile },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path).sort()).toEqual([
      'DATABASE_URL',
      'GATEWAY_AE_TITLE',
      'GATEWAY_PORT',
      'LOG_LEVEL',
    ]);
    expect(JSON.stringify(result.problems)).not.toContain('hunter22');
  });
});
