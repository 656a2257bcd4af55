import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testRedisUrl, uniqueQueuePrefix, type TestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FREE_PORTS, scrubbedEnv, spawnCli, type SpawnedCli } from './test-support.ts';

/**
 * One config file, one meaning: the writer's safety brake (`writer.cancel_threshold`,
 * `writer.cancel_minimum`) is the same whether the site runs the writer as its own container or
 * everything in one process.
 */
describe('writer.cancel_threshold', () => {
  let dir: string;
  let database: TestDatabase;
  const running: SpawnedCli[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mwl-policy-'));
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const child of running) if (child.child.exitCode === null) child.child.kill('SIGKILL');
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is read from the config file by mwl-bridge writer and by mwl-bridge start alike', async () => {
    const config = join(dir, 'mwl.json');
    await writeFile(
      config,
      JSON.stringify({
        timezone: 'UTC',
        gateway: { allow_any: true },
        writer: { cancel_threshold: 0.8, cancel_minimum: 3 },
      }),
    );
    const writer = spawnCli(
      ['writer', '--config', config],
      scrubbedEnv({
        DATABASE_URL: database.databaseUrl,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: uniqueQueuePrefix('policy'),
        QUEUE_ENCRYPTION_KEY: 'ef'.repeat(32),
        HEALTH_PORT: '0',
      }),
    );
    const start = spawnCli(
      ['start', '--config', config, '--data-dir', join(dir, 'data'), ...FREE_PORTS],
      scrubbedEnv(),
    );
    running.push(writer, start);
    const expected = { cancelPolicy: { threshold: 0.8, minimum: 3 } };
    expect(await writer.logLine('writer consuming')).toMatchObject(expected);
    expect(await start.logLine('writer consuming')).toMatchObject(expected);
    for (const child of [writer, start]) expect((await child.stop('SIGTERM')).code).toBe(0);
  });
});
