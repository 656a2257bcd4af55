import { describe, expect, it } from 'vitest';
import { runEntryBatch } from './entry-batch.ts';
import { InvalidPayloadError } from './errors.ts';
import { createPayloadCodec } from './payload-crypto.ts';
import type { EntryBatchPayload } from './payloads.ts';
import { planSnapshot } from './snapshot-plan.ts';
import { testSnapshot } from './test-support.ts';
import type { EntryBatchKeys, QueueHandlers } from './transport.ts';

const ctx = { kind: 'entries' as const, jobId: 'snap-1.entries.0', attempt: 1 };
const plain = createPayloadCodec(null);
const encrypted = createPayloadCodec(Buffer.alloc(32, 3));

function batch(size = 4): EntryBatchPayload {
  return planSnapshot(testSnapshot({ size }), 1000).entryBatches[0]!.payload;
}

function handlers(unchanged: string[] = []) {
  const seen: { keys: EntryBatchKeys[]; payloads: EntryBatchPayload[] } = { keys: [], payloads: [] };
  const h: QueueHandlers = {
    unchangedEntries(keys) {
      seen.keys.push(keys);
      return Promise.resolve(new Set(unchanged));
    },
    entries(payload) {
      seen.payloads.push(payload);
      return Promise.resolve({
        inserted: payload.entries.length,
        updated: 0,
        unchanged: 0,
        reactivated: 0,
        rejected: 0,
      });
    },
    rejections: () => Promise.reject(new Error('not used')),
    reconcile: () => Promise.reject(new Error('not used')),
    syncFailure: () => Promise.reject(new Error('not used')),
  };
  return { h, seen };
}

const BINDING = { queue: 'mwl-entries', jobId: 'snap-1-entries-0' };

describe('runEntryBatch', () => {
  it('plans every batch with the change hash of each entry', () => {
    const payload = batch();
    expect(payload.changeHashes).toHaveLength(payload.entries.length);
    expect(payload.changeHashes!.every((hash) => /^[0-9a-f]{64}$/.test(hash))).toBe(true);
  });

  it('counts the keys the store already holds as unchanged and hands on only the rest', async () => {
    const payload = batch();
    const [first, second] = payload.entries.map((e) => e.sourceKey);
    const { h, seen } = handlers([first!, second!]);
    const result = await runEntryBatch(payload, ctx, h, plain);
    expect(result).toEqual({ inserted: 2, updated: 0, unchanged: 2, reactivated: 0, rejected: 0 });
    expect(seen.keys[0]!.sourceKeys).toEqual(payload.entries.map((e) => e.sourceKey));
    expect(seen.keys[0]!.changeHashes).toEqual(payload.changeHashes);
    expect(seen.payloads[0]!.entries.map((e) => e.sourceKey)).toEqual(
      payload.entries.slice(2).map((e) => e.sourceKey),
    );
  });

  it('does not call the entries handler when every entry is unchanged', async () => {
    const payload = batch(3);
    const { h, seen } = handlers(payload.entries.map((e) => e.sourceKey));
    expect(await runEntryBatch(payload, ctx, h, plain)).toMatchObject({ inserted: 0, unchanged: 3 });
    expect(seen.payloads).toHaveLength(0);
  });

  it('never validates an entry it skips (nothing of it is written)', async () => {
    const payload = batch(2);
    const broken = {
      ...payload,
      entries: [{ ...payload.entries[0]!, patientSex: 'X' }, payload.entries[1]!],
    };
    const { h } = handlers([payload.entries[0]!.sourceKey]);
    expect(await runEntryBatch(broken, ctx, h, plain)).toMatchObject({ inserted: 1, unchanged: 1 });
  });

  it('validates and re-hashes what it hands on when the queue did not authenticate the payload', async () => {
    const payload = batch(2);
    const broken = {
      ...payload,
      entries: [{ ...payload.entries[0]!, patientSex: 'X' }, payload.entries[1]!],
    };
    await expect(runEntryBatch(broken, ctx, handlers().h, plain)).rejects.toThrow(InvalidPayloadError);
    const forged = { ...payload, changeHashes: payload.changeHashes!.map(() => 'f'.repeat(64)) };
    const { h, seen } = handlers();
    await runEntryBatch(forged, ctx, h, plain);
    expect(seen.payloads[0]!.changeHashes).toEqual(payload.changeHashes);
  });

  it('trusts the entries and hashes of a payload the queue authenticated', async () => {
    const payload = batch(2);
    const { h, seen } = handlers();
    await runEntryBatch(encrypted.decode(BINDING, encrypted.encode(BINDING, payload)), ctx, h, encrypted);
    expect(seen.payloads[0]).toEqual(payload);
  });

  it.each([
    ['no entries list', (p: EntryBatchPayload) => ({ ...p, entries: 'not a list' })],
    [
      'a hash per entry missing',
      (p: EntryBatchPayload) => ({ ...p, changeHashes: p.changeHashes!.slice(1) }),
    ],
    [
      'an entry of another source',
      (p: EntryBatchPayload) => ({ ...p, entries: [{ ...p.entries[0]!, source: 'x' }] }),
    ],
    [
      'a duplicate key',
      (p: EntryBatchPayload) => ({ ...p, entries: [p.entries[0]!, p.entries[0]!], changeHashes: undefined }),
    ],
    [
      'an entry without a key',
      (p: EntryBatchPayload) => ({ ...p, entries: [{ source: p.source }], changeHashes: undefined }),
    ],
  ])('refuses a batch with %s before asking the store', async (_label, mutate) => {
    const { h, seen } = handlers();
    await expect(runEntryBatch(mutate(batch(2)), ctx, h, plain)).rejects.toThrow(InvalidPayloadError);
    expect(seen.keys).toHaveLength(0);
  });

  it('hands on every entry, validated, when a batch carries no hashes', async () => {
    const { changeHashes: _, ...payload } = batch(2);
    const { h, seen } = handlers();
    await runEntryBatch(payload, ctx, h, plain);
    expect(seen.keys).toHaveLength(0);
    expect(seen.payloads[0]!.entries).toHaveLength(2);
    expect(seen.payloads[0]!.changeHashes).toHaveLength(2);
  });
});
