import { planSnapshot } from '@mwl/queue';
import { dbTest } from '@mwl/testing';
import { describe, expect } from 'vitest';
import { DEFAULT_CANCEL_POLICY } from './cancel-policy.ts';
import { processReconcileSnapshot } from './reconcile-snapshot.job.ts';
import {
  activeCount,
  entries,
  keyOf,
  snapshot,
  statusOf,
  sync,
  syntheticEntry,
  withWriter,
} from './test-support.ts';
import { processUpsertEntries } from './upsert-entries.job.ts';

describe('snapshot reconcile', () => {
  dbTest(
    'cancels a key missing from a complete snapshot and reactivates it when it returns',
    async ({ prisma }) => {
      await withWriter(prisma, async (h) => {
        await sync(h, prisma, snapshot({ entries: entries(10) }));
        const without3 = entries(10).filter((_, i) => i !== 3);
        expect(await sync(h, prisma, snapshot({ entries: without3 }))).toMatchObject({
          outcome: 'succeeded',
          cancelled: 1,
          unchanged: 9,
        });
        expect(await statusOf(prisma, 3)).toEqual({ status: 'CANCELED', cancelled: true });
        expect(await activeCount(prisma)).toBe(9);

        expect(await sync(h, prisma, snapshot({ entries: entries(10) }))).toMatchObject({
          cancelled: 0,
          updated: 1,
          reactivated: 1,
          unchanged: 9,
        });
        expect(await statusOf(prisma, 3)).toEqual({ status: 'SCHEDULED', cancelled: false });
      });
    },
  );

  dbTest('cancels nothing for a partial snapshot', async ({ prisma }) => {
    await withWriter(prisma, async (h) => {
      await sync(h, prisma, snapshot({ entries: entries(10) }));
      const run = await sync(h, prisma, snapshot({ entries: entries(2), complete: false }));
      expect(run).toMatchObject({ outcome: 'succeeded', complete: false, cancelled: 0 });
      expect(await activeCount(prisma)).toBe(10);
    });
  });

  dbTest(
    'holds a snapshot that would cancel 80% of the window, with a warning in its SyncRun',
    async ({ prisma }) => {
      await withWriter(prisma, async (h) => {
        await sync(h, prisma, snapshot({ entries: entries(100) }));
        const run = await sync(h, prisma, snapshot({ entries: entries(20) }));
        expect(run).toMatchObject({ outcome: 'held', cancelled: 0, unchanged: 20 });
        expect(run.warning).toContain('80 of 100 active items (80%)');
        expect(await activeCount(prisma)).toBe(100);
      });
    },
  );

  dbTest('holds a complete snapshot that read no records at all', async ({ prisma }) => {
    await withWriter(prisma, async (h) => {
      await sync(h, prisma, snapshot({ entries: entries(3) }));
      const run = await sync(h, prisma, snapshot({ entries: [] }));
      expect(run).toMatchObject({ outcome: 'held', cancelled: 0, fetched: 0 });
      expect(await activeCount(prisma)).toBe(3);
    });
  });

  dbTest(
    'cancels only inside its window, only its own source, and never an MPPS-owned item',
    async ({ prisma }) => {
      await withWriter(prisma, async (h) => {
        const outside = syntheticEntry(500, {
          spsStartDate: '20260415',
          spsStartTime: '090000',
          spsStartAt: '2026-04-15T09:00:00-06:00',
        });
        await sync(
          h,
          prisma,
          snapshot({ entries: [...entries(10), outside], window: null, complete: false }),
        );
        await sync(
          h,
          prisma,
          snapshot({ source: 'calpendo', entries: [syntheticEntry(7, { source: 'calpendo' })] }),
        );
        await prisma.worklistItem.updateMany({ where: { sourceKey: keyOf(1) }, data: { status: 'STARTED' } });

        const run = await sync(h, prisma, snapshot({ entries: entries(10).slice(3) }));
        expect(run).toMatchObject({ outcome: 'succeeded', cancelled: 2 });
        expect(await statusOf(prisma, 0)).toEqual({ status: 'CANCELED', cancelled: true });
        expect(await statusOf(prisma, 1)).toEqual({ status: 'STARTED', cancelled: false });
        expect(await statusOf(prisma, 2)).toEqual({ status: 'CANCELED', cancelled: true });
        expect(await statusOf(prisma, 500)).toEqual({ status: 'SCHEDULED', cancelled: false });
        expect(await prisma.worklistItem.count({ where: { source: 'calpendo', cancelledAt: null } })).toBe(1);
      });
    },
  );

  dbTest('does not move an MPPS status back when the source sends the item again', async ({ prisma }) => {
    await withWriter(prisma, async (h) => {
      await sync(h, prisma, snapshot({ entries: entries(3) }));
      await prisma.worklistItem.updateMany({ where: { sourceKey: keyOf(1) }, data: { status: 'COMPLETED' } });
      const changed = [
        syntheticEntry(0),
        syntheticEntry(1, { spsDescription: 'moved room' }),
        syntheticEntry(2),
      ];
      expect(await sync(h, prisma, snapshot({ entries: changed }))).toMatchObject({ updated: 1 });
      const row = await prisma.worklistItem.findFirstOrThrow({ where: { sourceKey: keyOf(1) } });
      expect(row).toMatchObject({ status: 'COMPLETED', spsDescription: 'moved room' });
    });
  });

  dbTest('never cancels a row written after the snapshot began', async ({ prisma }) => {
    const deps = { prisma, cancelPolicy: DEFAULT_CANCEL_POLICY };
    const seed = planSnapshot(snapshot({ entries: entries(10), complete: false }), 1000);
    await processUpsertEntries(seed.entryBatches[0]!.payload, deps);
    await new Promise((resolve) => setTimeout(resolve, 20));

    // A full fetch begins and misses key 9 (created at the source just after it read the list) ...
    const full = planSnapshot(snapshot({ entries: entries(9) }), 1000);
    const fullResult = await processUpsertEntries(full.entryBatches[0]!.payload, deps);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // ... and a targeted fetch writes key 9's newer version before the full one reconciles.
    const targeted = planSnapshot(
      snapshot({
        kind: 'targeted',
        window: null,
        complete: false,
        entries: [syntheticEntry(9, { spsDescription: 'new' })],
      }),
      1000,
    );
    await processUpsertEntries(targeted.entryBatches[0]!.payload, deps);

    const children = { entryBatches: [fullResult], rejectionBatches: [], failed: [] };
    expect(await processReconcileSnapshot(full.reconcile.payload, children, deps)).toMatchObject({
      cancelled: 0,
    });
    expect(await statusOf(prisma, 9)).toEqual({ status: 'SCHEDULED', cancelled: false });
  });

  dbTest('cancels nothing and records a failed run when a batch failed', async ({ prisma }) => {
    const deps = { prisma, cancelPolicy: DEFAULT_CANCEL_POLICY };
    const seed = planSnapshot(snapshot({ entries: entries(10), complete: false }), 1000);
    await processUpsertEntries(seed.entryBatches[0]!.payload, deps);
    const plan = planSnapshot(snapshot({ entries: entries(4) }), 2);
    const children = {
      entryBatches: [{ inserted: 0, updated: 0, unchanged: 2, reactivated: 0, rejected: 0 }],
      rejectionBatches: [],
      failed: [
        {
          kind: 'entries' as const,
          jobId: `${plan.reconcile.payload.snapshotId}.entries.1`,
          reason: 'MWL_ERR_X: down',
        },
      ],
    };
    expect(await processReconcileSnapshot(plan.reconcile.payload, children, deps)).toMatchObject({
      outcome: 'failed',
      cancelled: 0,
    });
    expect(await activeCount(prisma)).toBe(10);
    const run = await prisma.syncRun.findUniqueOrThrow({
      where: { snapshotId: plan.reconcile.payload.snapshotId },
    });
    expect(run.error).toMatch(/^MWL_ERR_WRITER_BATCH_FAILED: 1 of 2 batches failed/);
    expect(await prisma.sourceCursor.count()).toBe(0);
  });

  dbTest(
    'records the fetch error on the run and cancels nothing when a snapshot in parts was abandoned',
    async ({ prisma }) => {
      const deps = { prisma, cancelPolicy: DEFAULT_CANCEL_POLICY };
      const seed = planSnapshot(snapshot({ entries: entries(10), complete: false }), 1000);
      await processUpsertEntries(seed.entryBatches[0]!.payload, deps);
      const plan = planSnapshot(snapshot({ entries: entries(4), complete: false }), 1000);
      const payload = {
        ...plan.reconcile.payload,
        abandoned: { code: 'MWL_ERR_SOURCE_RESPONSE', message: 'the export broke off' },
      };
      const result = await processUpsertEntries(plan.entryBatches[0]!.payload, deps);
      const children = { entryBatches: [result], rejectionBatches: [], failed: [] };
      expect(await processReconcileSnapshot(payload, children, deps)).toMatchObject({
        outcome: 'failed',
        cancelled: 0,
      });
      expect(await activeCount(prisma)).toBe(10);
      const run = await prisma.syncRun.findUniqueOrThrow({ where: { snapshotId: payload.snapshotId } });
      expect(run.error).toBe('MWL_ERR_SOURCE_RESPONSE: the export broke off');
      expect(await prisma.sourceCursor.count()).toBe(0);
    },
  );
});
