import type { PrismaClient } from '@mwl/db';
import { createInProcessTransport, type QueueTransport, type SnapshotInput } from '@mwl/queue';
import { createBullmqTransport } from '@mwl/queue/bullmq';
import { deleteQueueKeys, testRedisUrl, uniqueQueuePrefix } from '@mwl/testing';
import { DEFAULT_CANCEL_POLICY, type CancelPolicy } from './cancel-policy.ts';
import { createWriterHandlers } from './writer-handlers.ts';

/** Test helpers of the writer's integration tests (not exported). */

import { keyOf } from './test-fixtures.ts';

export { PATIENT_NAME, WINDOW, entries, keyOf, snapshot, syntheticEntry } from './test-fixtures.ts';

export type TransportKind = 'bullmq' | 'in-process';

export interface WriterHarness {
  /** Where snapshots are published (a fetcher's view). */
  producer: QueueTransport;
  prefix: string;
  /** Starts a writer on the test database. */
  startWriter(options?: { cancelPolicy?: CancelPolicy }): Promise<void>;
  close(): Promise<void>;
}

export function writerHarness(
  kind: TransportKind,
  prisma: PrismaClient,
  options: { encryptionKey?: Buffer; batchSize?: number } = {},
): WriterHarness {
  const prefix = uniqueQueuePrefix('writer');
  const logger = { info: () => {}, warn: () => {}, error: () => {} };
  const common = {
    logger,
    encryptionKey: options.encryptionKey ?? null,
    batchSize: options.batchSize ?? 1000,
  };
  const make = () =>
    kind === 'bullmq'
      ? createBullmqTransport({ ...common, redisUrl: testRedisUrl(), prefix, backoffDelayMs: 50 })
      : createInProcessTransport({ ...common, backoff: { delayMs: 50, jitter: 0.5 } });
  const producer = make();
  const open: QueueTransport[] = [producer];
  return {
    producer,
    prefix,
    async startWriter(startOptions = {}) {
      const consumer = kind === 'bullmq' ? make() : producer;
      if (consumer !== producer) open.push(consumer);
      const cancelPolicy = startOptions.cancelPolicy ?? DEFAULT_CANCEL_POLICY;
      await consumer.consume(createWriterHandlers({ prisma, cancelPolicy }));
    },
    async close() {
      await Promise.all(open.map((transport) => transport.close()));
      if (kind === 'bullmq') await deleteQueueKeys(prefix);
    },
  };
}

/** Waits for the snapshot's SyncRun to be finished, and returns it. */
export async function syncRunOf(prisma: PrismaClient, snapshotId: string, timeoutMs = 50_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await prisma.syncRun.findUnique({ where: { snapshotId } });
    if (run && run.outcome !== 'running') return run;
    if (Date.now() > deadline)
      throw new Error(`snapshot ${snapshotId} not reconciled within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Publishes and waits for the writer to reconcile the snapshot. */
export async function sync(harness: WriterHarness, prisma: PrismaClient, input: SnapshotInput) {
  await harness.producer.publishSnapshot(input);
  return syncRunOf(prisma, input.snapshotId);
}

export async function statusOf(prisma: PrismaClient, i: number) {
  const row = await prisma.worklistItem.findFirstOrThrow({ where: { sourceKey: keyOf(i) } });
  return { status: row.status, cancelled: row.cancelledAt !== null };
}

export async function activeCount(prisma: PrismaClient) {
  return prisma.worklistItem.count({ where: { cancelledAt: null } });
}

/** A writer over BullMQ on this test's database, closed after `body`. */
export async function withWriter(
  prisma: PrismaClient,
  body: (h: ReturnType<typeof writerHarness>) => Promise<void>,
) {
  const harness = writerHarness('bullmq', prisma);
  try {
    await harness.startWriter();
    await body(harness);
  } finally {
    await harness.close();
  }
}

export { deleteQueueKeys } from '@mwl/testing';
