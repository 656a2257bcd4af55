import { parseEnv } from '@mwl/config';
import { describe, expect, it } from 'vitest';
import { writerEnvSchema } from './env.ts';

const KEY_HEX = 'ab'.repeat(32);
const base = {
  DATABASE_URL: 'postgresql://writer@db:5432/mwl',
  REDIS_URL: 'redis://redis:6379',
  QUEUE_ENCRYPTION_KEY: KEY_HEX,
};
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
        QUEUE_ENCRYPTION: 'on',
        WRITER_LOCK_DURATION_MS: 30_000,
      },
    });
    expect(result.ok && result.env.QUEUE_ENCRYPTION_KEY?.toString('hex')).toBe(KEY_HEX);
  });

  it('requires an encryption key with Redis, naming both ways to give one', () => {
    const { QUEUE_ENCRYPTION_KEY: _key, ...withoutKey } = base;
    const result = parse(withoutKey);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      { path: 'QUEUE_ENCRYPTION_KEY', message: expect.stringContaining('QUEUE_ENCRYPTION_KEY_FILE') },
    ]);
  });

  it('runs without a key only when encryption is explicitly off', () => {
    const { QUEUE_ENCRYPTION_KEY: _key, ...withoutKey } = base;
    const result = parse({ ...withoutKey, QUEUE_ENCRYPTION: 'off' });
    expect(result.ok && result.env.QUEUE_ENCRYPTION_KEY).toBeUndefined();
    expect(parse({ ...withoutKey, QUEUE_ENCRYPTION: 'false' }).ok).toBe(false);
  });

  it('reads the encryption key from a _FILE secret', () => {
    const { QUEUE_ENCRYPTION_KEY: _key, ...withoutKey } = base;
    const result = parse({ ...withoutKey, QUEUE_ENCRYPTION_KEY_FILE: '/run/secrets/key' });
    expect(result.ok && result.env.QUEUE_ENCRYPTION_KEY?.toString('hex')).toBe(KEY_HEX);
  });

  it.each([
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
