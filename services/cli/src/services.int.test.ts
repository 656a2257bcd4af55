import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findscu } from '@mwl/dimse/testing';
import { createTestDatabase, testRedisUrl, uniqueQueuePrefix, type TestDatabase } from '@mwl/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigFor, scrubbedEnv, spawnCli, waitFor, type SpawnedCli } from './test-support.ts';

/** `mwl-bridge writer`, `gateway` and `fetcher --source`: the services' own entry points, one per process. */

let dir: string;
let database: TestDatabase;
let prefix: string;
const running: SpawnedCli[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-cli-services-'));
  database = await createTestDatabase();
  prefix = uniqueQueuePrefix('cli-services');
});
afterAll(async () => {
  await Promise.all(running.map((process) => process.stop('SIGKILL')));
  await database.drop();
  const redis = new Redis(testRedisUrl());
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
  await rm(dir, { recursive: true, force: true });
});

describe('the service commands', () => {
  it('run the demo as three processes on PostgreSQL and Redis, and each stops with exit 0', async () => {
    const demo = await demoConfigFor(dir);
    const rows = demo.csv.trim().split('\n').length - 1;
    const env = scrubbedEnv({
      DATABASE_URL: database.databaseUrl,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      QUEUE_ENCRYPTION_KEY: 'cd'.repeat(32),
      HEALTH_PORT: '0',
      GATEWAY_PORT: '0',
    });
    const writer = spawnCli(['writer'], env);
    const gateway = spawnCli(['gateway', '--config', demo.config], env);
    const fetcher = spawnCli(['fetcher', '--config', demo.config, '--source', 'demo'], env);
    running.push(writer, gateway, fetcher);

    const listening = await gateway.logLine<{ port: number; aeTitles: string[] }>('gateway listening');
    expect(listening.aeTitles).toEqual(['MWL_BRIDGE']);
    await writer.logLine('writer started');
    await fetcher.logLine('fetcher started');
    const peer = { host: '127.0.0.1', port: listening.port, calledAeTitle: 'MWL_BRIDGE' };
    const result = await waitFor('the demo on the worklist', async () => {
      const found = await findscu(peer, { keys: ['PatientID=', 'PatientName='] });
      return found.responses.length === rows ? found : undefined;
    });
    expect(result.finalStatus).toBe(0);

    for (const process of [fetcher, gateway, writer]) expect((await process.stop('SIGTERM')).code).toBe(0);
  });

  it('refuses an unknown source with the names the config has', async () => {
    const demo = await demoConfigFor(dir);
    const env = scrubbedEnv({
      DATABASE_URL: database.databaseUrl,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      QUEUE_ENCRYPTION_KEY: 'cd'.repeat(32),
      HEALTH_PORT: '0',
    });
    const fetcher = spawnCli(['fetcher', '--config', demo.config, '--source', 'nope'], env);
    running.push(fetcher);
    expect(await fetcher.exited).toBe(1);
    expect(fetcher.output()).toContain('unknown source "nope": the config file\'s sources are "demo"');
  });
});
