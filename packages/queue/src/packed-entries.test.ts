import { describe, expect, it } from 'vitest';
import { runEntryBatch } from './entry-batch.ts';
import { InvalidPayloadError } from './errors.ts';
import { packEntryBatch, PACK_MIN_ENTRIES, type PackedEntryBatch } from './packed-entries.ts';
import { createPayloadCodec } from './payload-crypto.ts';
import type { EntryBatchPayload } from './payloads.ts';
import { planSnapshot } from './snapshot-plan.ts';
import { testSnapshot } from './test-support.ts';
import type { QueueHandlers } from './transport.ts';

const ctx = { kind: 'entries' as const, jobId: 'snap-1.entries.0', attempt: 1 };
const plain = createPayloadCodec(null);
const encrypted = createPayloadCodec(Buffer.alloc(32, 3));
const BINDING = { queue: 'mwl-entries', jobId: 'snap-1.entries.0' };

function batch(size: number): EntryBatchPayload {
  return planSnapshot(testSnapshot({ size }), 5000).entryBatches[0]!.payload;
}

function packed(size = PACK_MIN_ENTRIES): PackedEntryBatch {
  return packEntryBatch(batch(size)) as PackedEntryBatch;
}

function handlers(unchanged: readonly string[] = []) {
  const received: EntryBatchPayload[] = [];
  const h: QueueHandlers = {
    unchangedEntries: () => Promise.resolve(new Set(unchanged)),
    entries(payload) {
      received.push(payload);
      const n = payload.entries.length;
      return Promise.resolve({ inserted: n, updated: 0, unchanged: 0, reactivated: 0, rejected: 0 });
    },
    rejections: () => Promise.reject(new Error('not used')),
    reconcile: () => Promise.reject(new Error('not used')),
    syncFailure: () => Promise.reject(new Error('not used')),
  };
  return { h, received };
}

describe('packEntryBatch', () => {
  it('leaves a batch of fewer than PACK_MIN_ENTRIES entries plain', () => {
    const small = batch(PACK_MIN_ENTRIES - 1);
    expect(packEntryBatch(small)).toBe(small);
  });

  it('packs a large batch into its keys, its hashes and one deflated string of the entries', () => {
    const payload = batch(PACK_MIN_ENTRIES);
    const result = packEntryBatch(payload) as PackedEntryBatch;
    expect(result.sourceKeys).toEqual(payload.entries.map((e) => e.sourceKey));
    expect(result.changeHashes).toEqual(payload.changeHashes);
    expect(JSON.stringify(result).length).toBeLessThan(JSON.stringify(payload).length / 2);
  });
});

describe('runEntryBatch on a packed batch', () => {
  it('hands on the same entries as the plain batch, validated, in order', async () => {
    const payload = batch(PACK_MIN_ENTRIES);
    const { h, received } = handlers();
    const result = await runEntryBatch(packed(), ctx, h, plain);
    expect(result.inserted).toBe(PACK_MIN_ENTRIES);
    expect(received[0]!.entries).toEqual(payload.entries);
    expect(received[0]!.changeHashes).toEqual(payload.changeHashes);
  });

  it('is read back through the encrypting codec', async () => {
    const { h, received } = handlers();
    const stored = encrypted.encode(BINDING, packed());
    await runEntryBatch(encrypted.decode(BINDING, stored), ctx, h, encrypted);
    expect(received[0]!.entries).toHaveLength(PACK_MIN_ENTRIES);
  });

  it('never unpacks the entries of a batch the store already holds', async () => {
    const batchOf = packed();
    const { h, received } = handlers(batchOf.sourceKeys);
    const result = await runEntryBatch({ ...batchOf, packedEntries: 'not deflate' }, ctx, h, plain);
    expect(result.unchanged).toBe(PACK_MIN_ENTRIES);
    expect(received).toHaveLength(0);
  });

  it('fails for good when the packed entries cannot be read', async () => {
    const { h } = handlers();
    await expect(runEntryBatch({ ...packed(), packedEntries: 'not deflate' }, ctx, h, plain)).rejects.toThrow(
      InvalidPayloadError,
    );
  });

  it('fails for good when the packed entries do not match the keys', async () => {
    const batchOf = packed();
    const { h, received } = handlers();
    const swapped = [batchOf.sourceKeys[1]!, batchOf.sourceKeys[0]!, ...batchOf.sourceKeys.slice(2)];
    await expect(runEntryBatch({ ...batchOf, sourceKeys: swapped }, ctx, h, encrypted)).rejects.toThrow(
      /one entry of the source per key/,
    );
    expect(received).toHaveLength(0);
  });

  it('fails for good when a key appears twice', async () => {
    const batchOf = packed();
    const keys = [batchOf.sourceKeys[0]!, ...batchOf.sourceKeys.slice(0, -1)];
    await expect(runEntryBatch({ ...batchOf, sourceKeys: keys }, ctx, handlers().h, plain)).rejects.toThrow(
      /unique/,
    );
  });
});
