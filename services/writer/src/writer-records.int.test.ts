import { dbTest } from '@mwl/testing';
import { describe, expect } from 'vitest';
import {
  activeCount,
  entries,
  keyOf,
  snapshot,
  sync,
  syntheticEntry,
  WINDOW,
  withWriter,
} from './test-support.ts';

describe('source cursor, rejections and sync failures', () => {
  dbTest('moves the cursor to the end of a fully written complete window, never back', async ({ prisma }) => {
    await withWriter(prisma, async (h) => {
      const started = '2026-03-01T06:00:00.000Z';
      await sync(h, prisma, snapshot({ entries: entries(2), startedAt: started }));
      await sync(
        h,
        prisma,
        snapshot({
          entries: entries(2),
          complete: false,
          window: { from: WINDOW.from, to: '2026-05-01T00:00:00Z' },
        }),
      );
      await sync(
        h,
        prisma,
        snapshot({
          entries: entries(2),
          kind: 'incremental',
          window: { from: WINDOW.from, to: '2026-03-15T00:00:00Z' },
        }),
      );
      const cursor = await prisma.sourceCursor.findUniqueOrThrow({ where: { source: 'redcap' } });
      expect(cursor.windowEnd.toISOString()).toBe('2026-04-01T00:00:00.000Z');
      expect(cursor.lastFullSnapshotAt?.toISOString()).toBe(started);
    });
  });

  dbTest('records rejections, and clears them when the key later succeeds', async ({ prisma }) => {
    await withWriter(prisma, async (h) => {
      const rejections = [
        {
          sourceKey: keyOf(5),
          reasonCode: 'NO_SCHEDULED_DATE',
          message: 'date is empty',
          rawRef: 'record=5',
        },
      ];
      const first = await sync(h, prisma, snapshot({ entries: entries(3), rejections }));
      expect(first).toMatchObject({ fetched: 4, inserted: 3, rejected: 1 });
      expect(await prisma.rejection.findMany()).toMatchObject([
        { source: 'redcap', sourceKey: keyOf(5), reasonCode: 'NO_SCHEDULED_DATE', rawRef: 'record=5' },
      ]);

      await sync(h, prisma, snapshot({ entries: [...entries(3), syntheticEntry(5)] }));
      expect(await prisma.rejection.count()).toBe(0);
    });
  });

  dbTest(
    'rejects an entry whose StudyInstanceUID another item holds, and writes the rest',
    async ({ prisma }) => {
      await withWriter(prisma, async (h) => {
        const uid = '1.2.826.0.1.3680043.10.543.1';
        await sync(
          h,
          prisma,
          snapshot({
            entries: [syntheticEntry(0, { studyInstanceUid: uid })],
            complete: false,
            window: null,
          }),
        );
        const batch = [syntheticEntry(1), syntheticEntry(2, { studyInstanceUid: uid }), syntheticEntry(3)];
        const run = await sync(h, prisma, snapshot({ entries: batch, complete: false, window: null }));
        expect(run).toMatchObject({ outcome: 'succeeded', inserted: 2, rejected: 1 });
        expect(await prisma.rejection.findMany()).toMatchObject([
          { sourceKey: keyOf(2), reasonCode: 'DUPLICATE_STUDY_INSTANCE_UID' },
        ]);
      });
    },
  );

  dbTest('records a failed fetch as a failed SyncRun without touching the worklist', async ({ prisma }) => {
    await withWriter(prisma, async (h) => {
      await sync(h, prisma, snapshot({ entries: entries(3) }));
      await h.producer.publishSyncFailure({
        source: 'redcap',
        snapshotId: 'snap-failed-fetch',
        kind: 'full',
        window: WINDOW,
        startedAt: new Date().toISOString(),
        error: { code: 'MWL_ERR_SOURCE_UNAVAILABLE', message: 'REDCap answered 503' },
      });
      let run = null;
      for (let i = 0; i < 200 && !run; i++) {
        run = await prisma.syncRun.findUnique({ where: { snapshotId: 'snap-failed-fetch' } });
        if (!run) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(run).toMatchObject({
        outcome: 'failed',
        error: 'MWL_ERR_SOURCE_UNAVAILABLE: REDCap answered 503',
      });
      expect(await activeCount(prisma)).toBe(3);
    });
  });
});
