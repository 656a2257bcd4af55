import type { EmbeddedDatabase } from '@mwl/db';
import type { QueueTransport } from '@mwl/queue';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  emptyTables,
  entries,
  fingerprint,
  keyOf,
  openMemoryDatabase,
  snapshot,
  startEmbeddedWriter,
  statusOf,
  sync,
  syntheticEntry,
} from './embedded-support.ts';

/**
 * Acceptance 4: the writer's integration tests that matter most, on the embedded backend
 * (PGlite + the in-process queue) that `mwl-bridge start` uses without DATABASE_URL / REDIS_URL.
 */

let database: EmbeddedDatabase;
let transport: QueueTransport;
beforeAll(async () => {
  database = await openMemoryDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await emptyTables(database.prisma);
  transport = await startEmbeddedWriter(database.prisma);
});
afterEach(async () => {
  await transport.close();
});

describe('the writer on PGlite and the in-process queue', () => {
  it('inserts 2,000 entries, then writes none of them when they come back unchanged', async () => {
    const { prisma } = database;
    const all = entries(2_000);
    const first = await sync(transport, prisma, snapshot({ entries: all }));
    expect(first).toMatchObject({ outcome: 'succeeded', fetched: 2_000, inserted: 2_000, updated: 0 });
    const afterInsert = await fingerprint(prisma);
    expect(afterInsert).toMatchObject({ rows: 2_000, versions: 2_000 });

    const second = await sync(transport, prisma, snapshot({ entries: all }));
    expect(second).toMatchObject({ outcome: 'succeeded', inserted: 0, updated: 0, unchanged: 2_000 });
    expect(await fingerprint(prisma)).toEqual(afterInsert);
  });

  it('updates exactly the one changed entry and keeps its StudyInstanceUID', async () => {
    const { prisma } = database;
    const all = entries(500);
    await sync(transport, prisma, snapshot({ entries: all }));
    const before = await prisma.worklistItem.findFirstOrThrow({ where: { sourceKey: keyOf(42) } });
    all[42] = syntheticEntry(42, { spsDescription: 'Brain protocol, with contrast' });
    const run = await sync(transport, prisma, snapshot({ entries: all }));
    expect(run).toMatchObject({ inserted: 0, updated: 1, unchanged: 499, cancelled: 0 });
    const bumped = await prisma.worklistItem.findMany({ where: { rowVersion: { gt: 1 } } });
    expect(bumped.map((row) => row.sourceKey)).toEqual([keyOf(42)]);
    expect(bumped[0]).toMatchObject({ studyInstanceUid: before.studyInstanceUid, rowVersion: 2 });
  });

  it('cancels a key missing from a complete snapshot and reactivates it when it returns', async () => {
    const { prisma } = database;
    await sync(transport, prisma, snapshot({ entries: entries(10) }));
    const without3 = entries(10).filter((_, i) => i !== 3);
    expect(await sync(transport, prisma, snapshot({ entries: without3 }))).toMatchObject({
      outcome: 'succeeded',
      cancelled: 1,
      unchanged: 9,
    });
    expect(await statusOf(prisma, 3)).toEqual({ status: 'CANCELED', cancelled: true });
    expect(await sync(transport, prisma, snapshot({ entries: entries(10) }))).toMatchObject({
      cancelled: 0,
      reactivated: 1,
    });
    expect(await statusOf(prisma, 3)).toEqual({ status: 'SCHEDULED', cancelled: false });
  });

  it('cancels nothing for a partial snapshot', async () => {
    const { prisma } = database;
    await sync(transport, prisma, snapshot({ entries: entries(10) }));
    const run = await sync(transport, prisma, snapshot({ entries: entries(2), complete: false }));
    expect(run).toMatchObject({ outcome: 'succeeded', complete: false, cancelled: 0 });
    expect(await prisma.worklistItem.count({ where: { cancelledAt: null } })).toBe(10);
  });

  it('holds a snapshot that would cancel 80% of the window', async () => {
    const { prisma } = database;
    await sync(transport, prisma, snapshot({ entries: entries(100) }));
    const run = await sync(transport, prisma, snapshot({ entries: entries(20) }));
    expect(run).toMatchObject({ outcome: 'held', cancelled: 0, unchanged: 20 });
    expect(run.warning).toContain('80 of 100 active items (80%)');
    expect(await prisma.worklistItem.count({ where: { cancelledAt: null } })).toBe(100);
  });

  it('does not move an MPPS status back when the source sends the item again', async () => {
    const { prisma } = database;
    await sync(transport, prisma, snapshot({ entries: entries(3) }));
    await prisma.worklistItem.updateMany({ where: { sourceKey: keyOf(1) }, data: { status: 'COMPLETED' } });
    const changed = [
      syntheticEntry(0),
      syntheticEntry(1, { spsDescription: 'moved room' }),
      syntheticEntry(2),
    ];
    expect(await sync(transport, prisma, snapshot({ entries: changed }))).toMatchObject({ updated: 1 });
    const row = await prisma.worklistItem.findFirstOrThrow({ where: { sourceKey: keyOf(1) } });
    expect(row).toMatchObject({ status: 'COMPLETED', spsDescription: 'moved room' });
  });

  it('records rejections and a failed fetch', async () => {
    const { prisma } = database;
    const rejections = [
      {
        sourceKey: 'rec-900',
        reasonCode: 'MWL_REJECT_MISSING_FIELD',
        message: 'no scheduled date',
        rawRef: 'record 900',
      },
    ];
    const run = await sync(transport, prisma, snapshot({ entries: entries(2), rejections, complete: false }));
    expect(run).toMatchObject({ outcome: 'succeeded', rejected: 1 });
    expect(await prisma.rejection.findMany({ select: { sourceKey: true, reasonCode: true } })).toEqual([
      { sourceKey: 'rec-900', reasonCode: 'MWL_REJECT_MISSING_FIELD' },
    ]);
  });
});
