import { uniqueQueuePrefix, testRedisUrl } from '@mwl/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBullmqTransport, type BullmqTransportOptions } from './bullmq-transport.ts';
import { createPayloadCodec } from './payload-crypto.ts';
import { QUEUE_NAMES } from './queue-names.ts';
import { silentLogger, TEST_PATIENT_NAME, testSnapshot, waitUntil } from './test-support.ts';
import type { QueueHandlers, QueueTransport } from './transport.ts';
import { snapshotStreamBehaviour } from './snapshot-stream.behaviour.ts';
import { transportBehaviour } from './transport.behaviour.ts';

const redis = new Redis(testRedisUrl());
const prefixes: string[] = [];
const transports: QueueTransport[] = [];

function transport(options: Partial<BullmqTransportOptions> = {}): QueueTransport {
  const prefix = uniqueQueuePrefix('queue');
  prefixes.push(prefix);
  const created = createBullmqTransport({
    redisUrl: testRedisUrl(),
    prefix,
    logger: silentLogger,
    backoffDelayMs: 10,
    ...options,
  });
  transports.push(created);
  return created;
}

async function deleteKeys(prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const prefix of prefixes.splice(0)) await deleteKeys(prefix);
});
afterAll(async () => {
  await redis.quit();
});

const neverCalled: QueueHandlers = {
  entries: () => Promise.reject(new Error('must not run')),
  rejections: () => Promise.reject(new Error('must not run')),
  reconcile: () => Promise.reject(new Error('must not run')),
  syncFailure: () => Promise.reject(new Error('must not run')),
};

describe('BullMQ transport', () => {
  transportBehaviour((options) => transport(options));
  snapshotStreamBehaviour((options) => transport(options));

  it('stores no patient name in Redis when an encryption key is set', async () => {
    const encrypted = transport({ encryptionKey: Buffer.alloc(32, 9) });
    await encrypted.publishSnapshot(testSnapshot({ size: 5 }));
    const prefix = prefixes.at(-1)!;
    const job = await redis.hgetall(`${prefix}:${QUEUE_NAMES.entries}:snap-1.entries.0`);
    expect(job.data).toBeDefined();
    expect(JSON.stringify(job)).not.toContain(TEST_PATIENT_NAME);
    expect(JSON.stringify(job)).not.toContain('Quintessa');
    expect(JSON.parse(job.data!)).toMatchObject({ v: 2, iv: expect.any(String), tag: expect.any(String) });
  });

  it('stores the patient name in Redis without a key (the control of the test above)', async () => {
    const plain = transport();
    await plain.publishSnapshot(testSnapshot({ size: 5 }));
    const job = await redis.hgetall(`${prefixes.at(-1)!}:${QUEUE_NAMES.entries}:snap-1.entries.0`);
    expect(job.data).toContain(TEST_PATIENT_NAME);
  });

  it('fails a job with an invalid payload at once, without retries and without calling the handler', async () => {
    const consumer = transport({ attempts: 5 });
    await consumer.consume(neverCalled);
    const queue = new Queue(QUEUE_NAMES.entries, {
      connection: { url: testRedisUrl() },
      prefix: prefixes.at(-1)!,
    });
    try {
      const job = await queue.add('entries', { source: 'redcap', entries: 'not a list' }, { attempts: 5 });
      await waitUntil(async () => (await job.getState()) === 'failed');
      const failed = await queue.getJob(job.id!);
      expect(failed!.attemptsMade).toBe(1);
      expect(failed!.failedReason).toContain('MWL_ERR_QUEUE_PAYLOAD');
    } finally {
      await queue.close();
    }
  });

  it('fails a payload encrypted with another key at once, without retries', async () => {
    const consumer = transport({ attempts: 5, encryptionKey: Buffer.alloc(32, 1) });
    await consumer.consume(neverCalled);
    const queue = new Queue(QUEUE_NAMES.entries, {
      connection: { url: testRedisUrl() },
      prefix: prefixes.at(-1)!,
    });
    try {
      const jobId = 'forged-1';
      const forged = createPayloadCodec(Buffer.alloc(32, 2)).encode(
        { queue: QUEUE_NAMES.entries, jobId },
        { source: 'redcap' },
      );
      const job = await queue.add('entries', forged, { attempts: 5, jobId });
      await waitUntil(async () => (await job.getState()) === 'failed');
      const failed = await queue.getJob(job.id!);
      expect(failed!.attemptsMade).toBe(1);
      expect(failed!.failedReason).toContain('fails authentication');
    } finally {
      await queue.close();
    }
  });

  it('fails a payload moved to another job of the same queue, without calling the handler', async () => {
    const key = Buffer.alloc(32, 4);
    const producer = transport({ encryptionKey: key, batchSize: 2 });
    await producer.publishSnapshot(testSnapshot({ size: 4 }));
    const prefix = prefixes.at(-1)!;
    const base = `${prefix}:${QUEUE_NAMES.entries}`;
    const [first, second] = await Promise.all([
      redis.hget(`${base}:snap-1.entries.0`, 'data'),
      redis.hget(`${base}:snap-1.entries.1`, 'data'),
    ]);
    await redis.hset(`${base}:snap-1.entries.0`, 'data', second!);
    await redis.hset(`${base}:snap-1.entries.1`, 'data', first!);
    const handled: string[] = [];
    const consumer = transport({ encryptionKey: key, attempts: 3, prefix });
    const queue = new Queue(QUEUE_NAMES.entries, { connection: { url: testRedisUrl() }, prefix });
    try {
      await consumer.consume({
        ...neverCalled,
        entries: (payload, ctx) => {
          handled.push(`${ctx.jobId}: batch ${payload.batchIndex}`);
          return Promise.resolve({ inserted: 0, updated: 0, unchanged: 0, reactivated: 0, rejected: 0 });
        },
      });
      const states = async () =>
        Promise.all(
          ['snap-1.entries.0', 'snap-1.entries.1'].map(async (id) => (await queue.getJob(id))?.getState()),
        );
      await waitUntil(async () => (await states()).every((s) => s === 'failed' || s === 'completed'), 5_000);
      expect(handled).toEqual([]);
      const failed = await queue.getJob('snap-1.entries.0');
      expect(failed!.failedReason).toContain('fails authentication');
      expect(failed!.attemptsMade).toBe(1);
    } finally {
      await queue.close();
    }
  });

  it('reports waiting jobs and the age of the oldest one', async () => {
    const producer = transport();
    await producer.publishSnapshot(testSnapshot({ size: 2500 }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stats = await producer.stats();
    const entries = stats.find((s) => s.kind === 'entries')!;
    expect(entries.waiting).toBe(3);
    expect(entries.oldestWaitingMs).toBeGreaterThanOrEqual(30);
    expect(stats.find((s) => s.kind === 'reconcile')!.waiting).toBe(0);
    await expect(producer.ping()).resolves.toBeUndefined();
  });

  it('refuses to publish when Redis cannot be reached, instead of queueing in memory', async () => {
    const unreachable = transport({ redisUrl: 'redis://127.0.0.1:1', publishTimeoutMs: 300 });
    await expect(unreachable.publishSnapshot(testSnapshot({ size: 1 }))).rejects.toMatchObject({
      code: 'MWL_ERR_QUEUE_UNAVAILABLE',
    });
  });

  it('reconciles a snapshot in parts whose producer never finished it as abandoned, once its gate expires', async () => {
    const producer = transport({ batchSize: 2, holdItems: 1, snapshotGateMs: 300 });
    const reconciled: { abandoned?: { code: string }; complete: boolean; failed: number }[] = [];
    await producer.consume({
      entries: (payload) =>
        Promise.resolve({
          inserted: payload.entries.length,
          updated: 0,
          unchanged: 0,
          reactivated: 0,
          rejected: 0,
        }),
      rejections: (payload) => Promise.resolve({ recorded: payload.items.length }),
      reconcile(payload, ctx) {
        reconciled.push({ ...payload, failed: ctx.children.failed.length });
        return Promise.resolve({ outcome: 'failed' });
      },
      syncFailure: () => Promise.resolve({ outcome: 'failed' }),
    });
    const { entries, ...header } = testSnapshot({ size: 4 });
    const stream = producer.openSnapshot(header);
    await stream.add({ entries });
    // The fetcher "dies" here: neither finish nor abandon.
    await waitUntil(() => reconciled.length === 1, 10_000);
    expect(reconciled[0]).toMatchObject({
      complete: false,
      abandoned: { code: 'MWL_ERR_QUEUE_SNAPSHOT_ABANDONED' },
      failed: 1,
    });
  });
});
