import type { PrismaClient } from '@mwl/db';
import { planSnapshot, QUEUE_NAMES } from '@mwl/queue';
import { dbTest, testRedisUrl } from '@mwl/testing';
import { Redis } from 'ioredis';
import { describe, expect } from 'vitest';
import { DEFAULT_CANCEL_POLICY } from './cancel-policy.ts';
import { processReconcileSnapshot } from './reconcile-snapshot.job.ts';
import {
  entries,
  PATIENT_NAME,
  snapshot,
  sync,
  syncRunOf,
  syntheticEntry,
  writerHarness,
  type TransportKind,
} from './test-support.ts';
import { processUpsertEntries } from './upsert-entries.job.ts';

/** What proves "no write": row versions, `updated_at` and the tuple ids (`xmin`) of every row. */
async function fingerprint(prisma: PrismaClient) {
  const [row] = await prisma.$queryRaw<{ rows: number; versions: number; tuples: string }[]>`
    SELECT count(*)::int AS rows, coalesce(sum(row_version), 0)::int AS versions,
           md5(coalesce(string_agg(xmin::text || '/' || updated_at::text, ',' ORDER BY id), '')) AS tuples
    FROM worklist_item`;
  return row!;
}

describe.each<TransportKind>(['bullmq', 'in-process'])('writer over the %s transport', (kind) => {
  dbTest(
    'inserts 10,000 entries, then writes none of them when they come back unchanged',
    async ({ prisma }) => {
      const harness = writerHarness(kind, prisma);
      try {
        await harness.startWriter();
        const all = entries(10_000);
        const first = await sync(harness, prisma, snapshot({ entries: all }));
        expect(first).toMatchObject({ outcome: 'succeeded', fetched: 10_000, inserted: 10_000, updated: 0 });
        const afterInsert = await fingerprint(prisma);
        expect(afterInsert).toMatchObject({ rows: 10_000, versions: 10_000 });

        const second = await sync(harness, prisma, snapshot({ entries: all }));
        expect(second).toMatchObject({ outcome: 'succeeded', inserted: 0, updated: 0, unchanged: 10_000 });
        expect(await fingerprint(prisma)).toEqual(afterInsert);
      } finally {
        await harness.close();
      }
    },
  );

  dbTest(
    'updates exactly the one changed entry of 10,000 and keeps its StudyInstanceUID',
    async ({ prisma }) => {
      const harness = writerHarness(kind, prisma);
      try {
        await harness.startWriter();
        const all = entries(10_000);
        await sync(harness, prisma, snapshot({ entries: all }));
        const key = all[4242]!.sourceKey;
        const before = await prisma.worklistItem.findFirstOrThrow({ where: { sourceKey: key } });

        all[4242] = syntheticEntry(4242, { spsDescription: 'Brain protocol, with contrast' });
        const run = await sync(harness, prisma, snapshot({ entries: all }));
        expect(run).toMatchObject({ inserted: 0, updated: 1, unchanged: 9_999, cancelled: 0 });
        const bumped = await prisma.worklistItem.findMany({ where: { rowVersion: { gt: 1 } } });
        expect(bumped.map((row) => row.sourceKey)).toEqual([key]);
        expect(bumped[0]).toMatchObject({
          spsDescription: 'Brain protocol, with contrast',
          studyInstanceUid: before.studyInstanceUid,
          rowVersion: 2,
        });
      } finally {
        await harness.close();
      }
    },
  );
});

describe('writer over BullMQ with an encryption key', () => {
  dbTest('writes the patient to the worklist while Redis holds only ciphertext', async ({ prisma }) => {
    const harness = writerHarness('bullmq', prisma, { encryptionKey: Buffer.alloc(32, 5) });
    const redis = new Redis(testRedisUrl());
    try {
      const input = snapshot({ entries: entries(20) });
      await harness.producer.publishSnapshot(input);
      const raw = await redis.hgetall(
        `${harness.prefix}:${QUEUE_NAMES.entries}:${input.snapshotId}.entries.0`,
      );
      expect(raw.data).toBeDefined();
      expect(JSON.stringify(raw)).not.toContain(PATIENT_NAME.split('^')[0]);

      await harness.startWriter();
      const run = await syncRunOf(prisma, input.snapshotId);
      expect(run).toMatchObject({ outcome: 'succeeded', inserted: 20 });
      expect(await prisma.worklistItem.count({ where: { patientName: PATIENT_NAME } })).toBe(20);
    } finally {
      await redis.quit();
      await harness.close();
    }
  });
});

describe('redelivery', () => {
  dbTest('gives the same end state when every job of a snapshot is delivered twice', async ({ prisma }) => {
    const deps = { prisma, cancelPolicy: DEFAULT_CANCEL_POLICY };
    // Yesterday's rows: 50 the snapshot still has, 2 it lost (to be cancelled once, not twice).
    const seed = planSnapshot(snapshot({ entries: entries(52), complete: false }), 1000);
    await processUpsertEntries(seed.entryBatches[0]!.payload, deps);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const plan = planSnapshot(snapshot({ entries: [...entries(50), syntheticEntry(100)] }), 20);
    const deliver = async () => {
      const results = [];
      for (const batch of plan.entryBatches) results.push(await processUpsertEntries(batch.payload, deps));
      const children = { entryBatches: results, rejectionBatches: [], failed: [] };
      return processReconcileSnapshot(plan.reconcile.payload, children, deps);
    };
    expect(await deliver()).toMatchObject({ outcome: 'succeeded', cancelled: 2, replayed: false });
    const state = await fingerprint(prisma);
    const run = await prisma.syncRun.findUniqueOrThrow({
      where: { snapshotId: plan.reconcile.payload.snapshotId },
    });

    expect(await deliver()).toMatchObject({ outcome: 'succeeded', cancelled: 2, replayed: true });
    expect(await fingerprint(prisma)).toEqual(state);
    expect(state.rows).toBe(53);
    expect(await prisma.syncRun.findUniqueOrThrow({ where: { snapshotId: run.snapshotId } })).toEqual(run);
    expect(run).toMatchObject({ inserted: 1, unchanged: 50, cancelled: 2 });
  });
});
