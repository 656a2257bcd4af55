import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findscu } from '@mwl/dimse/testing';
import {
  createTestDatabase,
  deleteQueueKeys,
  testDatabaseServerUrl,
  testRedisUrl,
  type TestDatabase,
  uniqueQueuePrefix,
} from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { captureIo } from './test-io.ts';
import {
  demoConfigFor,
  scrubbedEnv,
  spawnBridge,
  waitFor,
  type SpawnedBridge,
  FREE_PORTS,
} from './test-support.ts';

/** `migrate`, and `start` with DATABASE_URL and REDIS_URL: PostgreSQL and BullMQ instead of the embedded pair. */

let dir: string;
const databases: TestDatabase[] = [];
let running: SpawnedBridge | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-cli-servers-'));
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  await Promise.all(databases.map((database) => database.drop()));
  await rm(dir, { recursive: true, force: true });
});

describe('mwl-bridge migrate', () => {
  it('applies every migration to an empty PostgreSQL database, then nothing', async () => {
    const database = await createTestDatabase({ empty: true, serverUrl: testDatabaseServerUrl() });
    databases.push(database);
    const io = captureIo({ env: { DATABASE_URL: database.databaseUrl } });
    expect(await runCli(['migrate'], io)).toBe(0);
    expect(io.out()).toMatch(
      new RegExp(`^Applied \\d+ migration\\(s\\) to database "${database.name}":\\n  \\d{14}_`),
    );
    const again = captureIo({ env: { DATABASE_URL: database.databaseUrl } });
    expect(await runCli(['migrate'], again)).toBe(0);
    expect(again.out()).toBe(`database "${database.name}" is up to date; nothing to apply.\n`);
  });

  it('creates and migrates the embedded database in a data folder', async () => {
    const dataDir = join(dir, 'embedded');
    const io = captureIo({ cwd: dir });
    expect(await runCli(['migrate', '--data-dir', 'embedded'], io)).toBe(0);
    expect(io.out()).toMatch(/^Applied \d+ migration\(s\) to .*embedded:/);
    const again = captureIo({ env: { MWL_DATA_DIR: dataDir } });
    expect(await runCli(['migrate'], again)).toBe(0);
    expect(again.out()).toContain('is up to date');
  });
});

describe('mwl-bridge start with DATABASE_URL and REDIS_URL', () => {
  it('serves the demo from PostgreSQL through BullMQ and stops with exit 0', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const prefix = uniqueQueuePrefix('cli-start');
    const demo = await demoConfigFor(dir);
    const rows = demo.csv.trim().split('\n').length - 1;
    try {
      running = spawnBridge(
        ['--config', demo.config, ...FREE_PORTS],
        scrubbedEnv({
          DATABASE_URL: database.databaseUrl,
          REDIS_URL: testRedisUrl(),
          QUEUE_PREFIX: prefix,
          QUEUE_ENCRYPTION_KEY: 'ab'.repeat(32),
        }),
      );
      const started = await running.started;
      expect(started).toMatchObject({
        storage: 'postgres',
        queue: 'redis',
        sources: [{ name: 'demo', state: 'ready' }],
      });
      const peer = { host: '127.0.0.1', port: started.gateway.port, calledAeTitle: 'MWL_BRIDGE' };
      const result = await waitFor('the demo on the worklist', async () => {
        const found = await findscu(peer, { keys: ['PatientID=', 'PatientName='] });
        return found.responses.length === rows ? found : undefined;
      });
      expect(result.finalStatus).toBe(0);

      // The api runs in `start` too, and "sync now" asks this process's fetcher for a tick.
      const io = captureIo({ env: { DATABASE_URL: database.databaseUrl } });
      expect(await runCli(['token', 'create', 'ops', '--role', 'admin'], io)).toBe(0);
      const auth = { authorization: `Bearer ${io.out().trim()}` };
      const api = `http://127.0.0.1:${started.api!.port}/api/v1`;
      const runs = async () =>
        ((await (await fetch(`${api}/sync-runs?source=demo`, { headers: auth })).json()) as unknown[]).length;
      const before = await runs();
      const sync = await fetch(`${api}/sources/demo/sync`, { method: 'POST', headers: auth });
      expect(sync.status).toBe(202);
      await sync.arrayBuffer();
      await waitFor('a sync run of "sync now"', async () => ((await runs()) > before ? true : undefined));

      expect((await running.stop('SIGTERM')).code).toBe(0);
      running = undefined;
    } finally {
      await deleteQueueKeys(prefix);
    }
  });
});
