import { parseEnv } from '@mwl/config';
import { describe, expect, it } from 'vitest';
import { writerEnvSchema } from './env.ts';

const KEY_HEX = 'ab'.repeat(32);
const base = { DATABASE_URL: 'postgresql://writer@db:5432/mwl', REDIS_URL: 'redis://redis:6379' };
const files: Record<string, string> = { '/run/secrets/key': `${KEY_HEX}\n` };
const readFile = (path: string) => {
  const content = files[path];
  if (content === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return content;
};
const parse = (env: Record<string, string>) => parseEnv(writerEnvSchema, env, { readFile });

describe('writer environment', () => {
  it('applies the documented defaults', () => {
    const result = parse(base);
    expect(result).toMatchObject({
      ok: true,
      env: {
        QUEUE_PREFIX: 'mwl',
        WRITER_CONCURRENCY: 2,
        HEALTH_PORT: 9464,
        LOG_LEVEL: 'info',
        CANCEL_THRESHOLD: 0.5,
        CANCEL_HOLD_MINIMUM: 5,
        WRITER_LOCK_DURATION_MS: 30_000,
      },
    });
    expect(result.ok && result.env.QUEUE_ENCRYPTION_KEY).toBeUndefined();
  });

  it('reads the encryption key from a _FILE secret', () => {
    const result = parse({ ...base, QUEUE_ENCRYPTION_KEY_FILE: '/run/secrets/key' });
    expect(result.ok && result.env.QUEUE_ENCRYPTION_KEY?.toString('hex')).toBe(KEY_HEX);
  });

  it.each([
    ['CANCEL_THRESHOLD', '1.5'],
    ['CANCEL_THRESHOLD', 'half'],
    ['WRITER_CONCURRENCY', '0'],
    ['QUEUE_PREFIX', 'has:colon'],
    ['REDIS_URL', 'http://redis'],
    ['QUEUE_ENCRYPTION_KEY', 'too-short-a-key'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    const result = parse({ ...base, [name]: value });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual([name]);
  });

  it('reports every missing variable at once, without echoing a key', () => {
    const result = parse({ QUEUE_ENCRYPTION_KEY: 'not-a-key-value' });
    expect(!result.ok && result.problems.map((p) => p.path).sort()).toEqual([
      'DATABASE_URL',
      'QUEUE_ENCRYPTION_KEY',
      'REDIS_URL',
    ]);
    expect(JSON.stringify(result)).not.toContain('not-a-key-value');
  });
});
