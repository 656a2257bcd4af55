import { afterEach, expect, it } from 'vitest';
import { InvalidSnapshotError, PermanentJobError } from './errors.ts';
import type { EntryBatchPayload, EntryBatchResult, ReconcilePayload } from './payloads.ts';
import { TEST_PATIENT_NAME, testEntry, testSnapshot, waitUntil } from './test-support.ts';
import type { JobContext, QueueHandlers, QueueTransport, ReconcileContext } from './transport.ts';

/**
 * The behaviour every QueueTransport must show, run against the BullMQ transport (integration)
 * and the in-process one (unit). `make` builds a transport with fast retries.
 */
export interface MakeTransportOptions {
  batchSize?: number;
  attempts?: number;
  encryptionKey?: Buffer;
}
export type MakeTransport = (options: MakeTransportOptions) => QueueTransport;

interface Recorder {
  handlers: QueueHandlers;
  events: string[];
  entryCalls: { payload: EntryBatchPayload; ctx: JobContext }[];
  reconciles: { payload: ReconcilePayload; ctx: ReconcileContext }[];
  failures: string[];
}

type EntriesHandler = QueueHandlers['entries'];

function recorder(entries?: EntriesHandler): Recorder {
  const rec: Recorder = { events: [], entryCalls: [], reconciles: [], failures: [], handlers: undefined! };
  rec.handlers = {
    async entries(payload, ctx) {
      rec.entryCalls.push({ payload, ctx });
      const result: EntryBatchResult = entries
        ? await entries(payload, ctx)
        : { inserted: payload.entries.length, updated: 0, unchanged: 0, reactivated: 0, rejected: 0 };
      rec.events.push(`entries ${payload.batchIndex}`);
      return result;
    },
    rejections(payload) {
      rec.events.push(`rejections ${payload.batchIndex}`);
      return Promise.resolve({ recorded: payload.items.length });
    },
    reconcile(payload, ctx) {
      rec.events.push('reconcile');
      rec.reconciles.push({ payload, ctx });
      return Promise.resolve({ outcome: 'succeeded' });
    },
    syncFailure(payload) {
      rec.failures.push(payload.error.code);
      return Promise.resolve({ outcome: 'failed' });
    },
  };
  return rec;
}

export function transportBehaviour(make: MakeTransport): void {
  const open: QueueTransport[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((transport) => transport.close()));
  });
  const create = (options: MakeTransportOptions = {}) => {
    const transport = make(options);
    open.push(transport);
    return transport;
  };

  it('runs the reconcile job only after every batch of its snapshot has finished', async () => {
    const transport = create({ batchSize: 1000 });
    const rec = recorder();
    const rejections = [{ sourceKey: 'bad-1', reasonCode: 'NO_SCHEDULED_DATE', message: 'no date' }];
    const published = await transport.publishSnapshot(testSnapshot({ size: 2500, rejections }));
    expect(published).toMatchObject({ entryBatches: 3, rejectionBatches: 1, duplicateEntries: 0 });
    await transport.consume(rec.handlers);
    await waitUntil(() => rec.reconciles.length === 1);
    expect(rec.events.at(-1)).toBe('reconcile');
    expect(rec.events.slice(0, -1).sort()).toEqual(['entries 0', 'entries 1', 'entries 2', 'rejections 0']);
    const { payload, ctx } = rec.reconciles[0]!;
    expect(payload.batches).toEqual({ entries: 3, rejections: 1 });
    expect(payload.seenKeys).toHaveLength(2501);
    expect(ctx.children.entryBatches.reduce((sum, r) => sum + r.inserted, 0)).toBe(2500);
    expect(ctx.children.rejectionBatches).toEqual([{ recorded: 1 }]);
    expect(ctx.children.failed).toEqual([]);
  });

  it('retries a batch that failed and hands its result to the reconcile job', async () => {
    const transport = create({ attempts: 3 });
    const rec = recorder((payload, ctx) => {
      if (ctx.attempt === 1) return Promise.reject(new Error('database went away'));
      return Promise.resolve({
        inserted: 0,
        updated: payload.entries.length,
        unchanged: 0,
        reactivated: 0,
        rejected: 0,
      });
    });
    await transport.consume(rec.handlers);
    await transport.publishSnapshot(testSnapshot({ size: 3 }));
    await waitUntil(() => rec.reconciles.length === 1);
    expect(rec.entryCalls.map((call) => call.ctx.attempt)).toEqual([1, 2]);
    expect(rec.reconciles[0]!.ctx.children).toMatchObject({ entryBatches: [{ updated: 3 }], failed: [] });
  });

  it('fails a batch without retry on a permanent error and still reconciles, reporting it', async () => {
    const transport = create({ attempts: 5 });
    const rec = recorder(() => Promise.reject(new PermanentJobError('MWL_ERR_TEST_RULE', 'rule broken')));
    await transport.consume(rec.handlers);
    await transport.publishSnapshot(testSnapshot({ size: 3 }));
    await waitUntil(() => rec.reconciles.length === 1);
    expect(rec.entryCalls).toHaveLength(1);
    const { failed } = rec.reconciles[0]!.ctx.children;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: 'entries', jobId: 'snap-1.entries.0' });
    expect(failed[0]!.reason).toContain('MWL_ERR_TEST_RULE');
  });

  it('gives up on a batch after its attempts and reports it to the reconcile job', async () => {
    const transport = create({ attempts: 2 });
    const rec = recorder(() => Promise.reject(new Error('still down')));
    await transport.consume(rec.handlers);
    await transport.publishSnapshot(testSnapshot({ size: 3 }));
    await waitUntil(() => rec.reconciles.length === 1);
    expect(rec.entryCalls).toHaveLength(2);
    expect(rec.reconciles[0]!.ctx.children.failed).toHaveLength(1);
  });

  it('does not duplicate a snapshot published twice under the same id', async () => {
    const transport = create();
    const rec = recorder();
    await transport.publishSnapshot(testSnapshot({ size: 3 }));
    await transport.publishSnapshot(testSnapshot({ size: 3 }));
    await transport.consume(rec.handlers);
    await waitUntil(() => rec.reconciles.length === 1);
    await transport.publishSnapshot(testSnapshot({ size: 3 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rec.entryCalls).toHaveLength(1);
    expect(rec.reconciles).toHaveLength(1);
  });

  it('hands the handler decrypted, validated entries when payloads are encrypted', async () => {
    const transport = create({ encryptionKey: Buffer.alloc(32, 7) });
    const rec = recorder();
    await transport.consume(rec.handlers);
    await transport.publishSnapshot(testSnapshot({ size: 2 }));
    await waitUntil(() => rec.reconciles.length === 1);
    const entry = rec.entryCalls[0]!.payload.entries[0]!;
    expect(entry.patientName).toBe(TEST_PATIENT_NAME);
    expect(entry.status).toBe('SCHEDULED');
  });

  it('delivers a sync failure report to its handler', async () => {
    const transport = create();
    const rec = recorder();
    await transport.consume(rec.handlers);
    await transport.publishSyncFailure({
      source: 'redcap',
      snapshotId: 'snap-failed',
      kind: 'incremental',
      window: null,
      startedAt: '2026-03-09T12:00:00Z',
      error: { code: 'MWL_ERR_SOURCE_AUTH', message: 'token refused' },
    });
    await waitUntil(() => rec.failures.length === 1);
    expect(rec.failures).toEqual(['MWL_ERR_SOURCE_AUTH']);
  });

  it('refuses a snapshot with an entry of another source, publishing nothing', async () => {
    const transport = create();
    const rec = recorder();
    const snapshot = testSnapshot({ entries: [testEntry(1), testEntry(2, { source: 'calpendo' })] });
    await expect(transport.publishSnapshot(snapshot)).rejects.toBeInstanceOf(InvalidSnapshotError);
    await transport.consume(rec.handlers);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rec.events).toEqual([]);
  });

  it('finishes the job in hand before close resolves', async () => {
    const transport = create();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const rec = recorder(async (payload) => {
      await gate;
      return { inserted: payload.entries.length, updated: 0, unchanged: 0, reactivated: 0, rejected: 0 };
    });
    await transport.consume(rec.handlers);
    await transport.publishSnapshot(testSnapshot({ size: 2 }));
    await waitUntil(() => rec.entryCalls.length === 1);
    let closed = false;
    const closing = transport.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(rec.events).toContain('entries 0');
  });
}
