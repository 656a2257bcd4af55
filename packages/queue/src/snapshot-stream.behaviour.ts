import { afterEach, expect, it } from 'vitest';
import type { EntryBatchPayload, ReconcilePayload } from './payloads.ts';
import type { SnapshotHeader } from './snapshot-plan.ts';
import { testEntry, waitUntil } from './test-support.ts';
import type { MakeTransportOptions } from './transport.behaviour.ts';
import type { QueueHandlers, QueueTransport, ReconcileContext } from './transport.ts';

/**
 * `openSnapshot` as every transport must do it, run against the BullMQ transport (integration)
 * and the in-process one (unit).
 */
export type MakeStreamingTransport = (
  options: MakeTransportOptions & { holdItems?: number },
) => QueueTransport;

const HEADER: SnapshotHeader = {
  source: 'redcap',
  snapshotId: 'stream-1',
  kind: 'full',
  window: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
  startedAt: '2026-03-09T12:00:00Z',
};

function recorder() {
  const rec = {
    batches: [] as EntryBatchPayload[],
    rejected: [] as string[],
    reconciles: [] as { payload: ReconcilePayload; ctx: ReconcileContext }[],
    handlers: undefined as unknown as QueueHandlers,
  };
  rec.handlers = {
    entries(payload) {
      rec.batches.push(payload);
      const inserted = payload.entries.length;
      return Promise.resolve({ inserted, updated: 0, unchanged: 0, reactivated: 0, rejected: 0 });
    },
    rejections(payload) {
      rec.rejected.push(...payload.items.map((item) => item.sourceKey));
      return Promise.resolve({ recorded: payload.items.length });
    },
    reconcile(payload, ctx) {
      rec.reconciles.push({ payload, ctx });
      return Promise.resolve({ outcome: 'succeeded' });
    },
    syncFailure: () => Promise.resolve({ outcome: 'failed' }),
  };
  return rec;
}

const entries = (from: number, count: number) => Array.from({ length: count }, (_, i) => testEntry(from + i));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function snapshotStreamBehaviour(make: MakeStreamingTransport): void {
  const open: QueueTransport[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((transport) => transport.close()));
  });
  const create = (options: MakeTransportOptions & { holdItems?: number }) => {
    const transport = make(options);
    open.push(transport);
    return transport;
  };

  it('queues a large snapshot batch by batch as it arrives and reconciles it once, after finish', async () => {
    const transport = create({ batchSize: 2, holdItems: 3 });
    const rec = recorder();
    await transport.consume(rec.handlers);
    const stream = transport.openSnapshot(HEADER);
    for (let part = 0; part < 4; part++) await stream.add({ entries: entries(part * 3, 3) });
    await waitUntil(() => rec.batches.length >= 4);
    await pause(100);
    expect(rec.reconciles).toHaveLength(0);
    const published = await stream.finish({ complete: true });
    expect(published).toMatchObject({ entryBatches: 6, rejectionBatches: 0, duplicateEntries: 0 });
    await waitUntil(() => rec.reconciles.length === 1);
    const { payload, ctx } = rec.reconciles[0]!;
    expect(payload).toMatchObject({ complete: true, batches: { entries: 6, rejections: 0 } });
    expect(payload.abandoned).toBeUndefined();
    expect(payload.counts).toEqual({ fetched: 12, rejected: 0 });
    expect([...payload.seenKeys].sort()).toEqual(
      entries(0, 12)
        .map((e) => e.sourceKey)
        .sort(),
    );
    expect(ctx.children.entryBatches.reduce((sum, r) => sum + r.inserted, 0)).toBe(12);
    expect(
      rec.batches
        .flatMap((b) => b.entries)
        .map((e) => e.sourceKey)
        .sort(),
    ).toEqual(
      entries(0, 12)
        .map((e) => e.sourceKey)
        .sort(),
    );
    expect(rec.batches.every((b) => b.changeHashes?.length === b.entries.length)).toBe(true);
  });

  it('publishes a snapshot that stays small whole: the last entry of a key wins', async () => {
    const transport = create({ batchSize: 10 });
    const rec = recorder();
    await transport.consume(rec.handlers);
    const stream = transport.openSnapshot(HEADER);
    await stream.add({ entries: entries(0, 2) });
    await stream.add({ entries: [testEntry(1, { patientId: 'SUB-NEW' })] });
    await pause(50);
    expect(rec.batches).toHaveLength(0);
    const published = await stream.finish({ complete: true });
    expect(published).toMatchObject({ entryBatches: 1, duplicateEntries: 1 });
    await waitUntil(() => rec.reconciles.length === 1);
    expect(rec.batches[0]!.entries.map((e) => e.patientId)).toEqual(['SUB-0', 'SUB-NEW']);
    expect(rec.reconciles[0]!.payload.counts).toEqual({ fetched: 3, rejected: 0 });
  });

  it('in parts, drops a key seen again after its batch left and the rejections of keys with an entry', async () => {
    const transport = create({ batchSize: 2, holdItems: 1 });
    const rec = recorder();
    await transport.consume(rec.handlers);
    const stream = transport.openSnapshot(HEADER);
    const rejection = (key: string) => ({
      sourceKey: key,
      reasonCode: 'NO_SCHEDULED_DATE',
      message: 'no date',
    });
    await stream.add({ entries: entries(0, 2), rejections: [rejection('rec-0')] });
    await stream.add({
      entries: [testEntry(0, { patientId: 'SUB-LATE' })],
      rejections: [rejection('bad-1')],
    });
    const published = await stream.finish({ complete: true });
    expect(published).toMatchObject({ entryBatches: 1, rejectionBatches: 1, duplicateEntries: 1 });
    await waitUntil(() => rec.reconciles.length === 1);
    expect(rec.batches.flatMap((b) => b.entries).map((e) => e.patientId)).toEqual(['SUB-0', 'SUB-1']);
    expect(rec.rejected).toEqual(['bad-1']);
    const { payload } = rec.reconciles[0]!;
    expect(payload.counts).toEqual({ fetched: 5, rejected: 1 });
    expect([...payload.seenKeys].sort()).toEqual(['bad-1', 'rec-0', 'rec-1']);
  });

  it.each([
    ['in parts', 1],
    ['whole', 100],
  ])(
    '%s, takes the fetch’s own keys, read once and with repeats, as the unique seen keys',
    async (_, holdItems) => {
      const transport = create({ batchSize: 2, holdItems });
      const rec = recorder();
      await transport.consume(rec.handlers);
      const stream = transport.openSnapshot(HEADER);
      await stream.add({ entries: entries(0, 3) });
      // A present record the fetch saw without an entry (e.g. rejected upstream) stays seen.
      const keys = function* () {
        yield* ['rec-0', 'rec-1', 'rec-2', 'rec-1', 'gone-from-batches'];
      };
      await stream.finish({ complete: true, seenKeys: keys() });
      await waitUntil(() => rec.reconciles.length === 1);
      const { payload } = rec.reconciles[0]!;
      expect([...payload.seenKeys].sort()).toEqual(['gone-from-batches', 'rec-0', 'rec-1', 'rec-2']);
      expect(payload.counts).toEqual({ fetched: 3, rejected: 0 });
    },
  );

  it('releases an abandoned snapshot as a failed, incomplete one carrying the error', async () => {
    const transport = create({ batchSize: 2, holdItems: 1 });
    const rec = recorder();
    await transport.consume(rec.handlers);
    const stream = transport.openSnapshot(HEADER);
    await stream.add({ entries: entries(0, 5) });
    await stream.abandon({ code: 'MWL_ERR_TEST_FETCH', message: 'the export broke off' });
    await stream.abandon({ code: 'MWL_ERR_TEST_FETCH', message: 'again: nothing more' });
    await waitUntil(() => rec.reconciles.length === 1);
    const { payload, ctx } = rec.reconciles[0]!;
    expect(payload).toMatchObject({
      complete: false,
      seenKeys: [],
      abandoned: { code: 'MWL_ERR_TEST_FETCH', message: 'the export broke off' },
      batches: { entries: 2, rejections: 0 },
    });
    expect(ctx.children.entryBatches).toHaveLength(2);
  });

  it('publishes nothing when a snapshot still held is abandoned', async () => {
    const transport = create({ batchSize: 10 });
    const rec = recorder();
    await transport.consume(rec.handlers);
    const stream = transport.openSnapshot(HEADER);
    await stream.add({ entries: entries(0, 3) });
    await stream.abandon({ code: 'MWL_ERR_TEST_FETCH', message: 'the export broke off' });
    await pause(100);
    expect(rec.batches).toHaveLength(0);
    expect(rec.reconciles).toHaveLength(0);
  });
}
