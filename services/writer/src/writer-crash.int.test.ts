import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createBullmqTransport } from '@mwl/queue/bullmq';
import { dbTest, testRedisUrl, uniqueQueuePrefix } from '@mwl/testing';
import { describe, expect } from 'vitest';
import { deleteQueueKeys, entries, snapshot, syncRunOf } from './test-support.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../cli/bin/mwl-bridge.js', import.meta.url));
const KEY = randomBytes(32);

/** The real writer process (`mwl-bridge writer`), on this test's database and queue prefix. */
function startWriterProcess(databaseUrl: string, prefix: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'writer'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix,
      QUEUE_ENCRYPTION_KEY: KEY.toString('hex'),
      HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
      WRITER_CONCURRENCY: '1',
      // A killed writer's jobs are taken over within ~3 s instead of BullMQ's default ~60 s.
      WRITER_LOCK_DURATION_MS: '2000',
      WRITER_STALLED_INTERVAL_MS: '1000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => process.stderr.write(`[writer ${child.pid}] ${text}`));
  return child;
}

describe('writer crash', () => {
  dbTest(
    'a writer killed with SIGKILL mid-stream is replaced by one that finishes: exactly 20,000 rows',
    { timeout: 120_000 },
    async ({ prisma, testDatabase }) => {
      const prefix = uniqueQueuePrefix('crash');
      const logger = { info: () => {}, warn: () => {}, error: () => {} };
      const producer = createBullmqTransport({
        redisUrl: testRedisUrl(),
        prefix,
        encryptionKey: KEY,
        logger,
        batchSize: 100,
      });
      const children: ChildProcess[] = [];
      try {
        const input = snapshot({ entries: entries(20_000) });
        expect(await producer.publishSnapshot(input)).toMatchObject({ entryBatches: 200 });

        const first = startWriterProcess(testDatabase.databaseUrl, prefix);
        children.push(first);
        let written = 0;
        while (written < 2_000) {
          if (first.exitCode !== null) throw new Error(`the first writer exited early (${first.exitCode})`);
          await new Promise((resolve) => setTimeout(resolve, 25));
          written = await prisma.worklistItem.count();
        }
        first.kill('SIGKILL');
        await once(first, 'exit');
        const atCrash = await prisma.worklistItem.count();
        expect(atCrash).toBeLessThan(20_000);

        const second = startWriterProcess(testDatabase.databaseUrl, prefix);
        children.push(second);
        const run = await syncRunOf(prisma, input.snapshotId, 100_000);
        expect(run.outcome).toBe('succeeded');
        expect(await prisma.worklistItem.count()).toBe(20_000);
        const [distinct] = await prisma.$queryRaw<{ keys: number }[]>`
          SELECT count(DISTINCT source_key)::int AS keys FROM worklist_item`;
        expect(distinct!.keys).toBe(20_000);

        second.kill('SIGTERM');
        const [code] = (await once(second, 'exit')) as [number | null];
        expect(code).toBe(0);
      } finally {
        for (const child of children)
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await producer.close();
        await deleteQueueKeys(prefix);
      }
    },
  );
});
