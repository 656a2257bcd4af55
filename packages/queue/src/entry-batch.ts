import { changeHash, type WorklistEntry } from '@mwl/domain';
import { z } from 'zod';
import { InvalidPayloadError } from './errors.ts';
import { unpackEntries } from './packed-entries.ts';
import type { PayloadCodec } from './payload-crypto.ts';
import {
  changeHashSchema,
  entryBatchResultSchema,
  MAX_BATCH_ITEMS,
  snapshotIdSchema,
  sourceNameSchema,
  type EntryBatchPayload,
  type EntryBatchResult,
} from './payloads.ts';
import type { JobContext, QueueHandlers } from './transport.ts';
import { describeIssues, parsePayload } from './validate-payload.ts';

/**
 * An entry batch job, cheapest work first:
 * 1. read the envelope (source, ids, each entry's key, the change hashes) without the entries;
 *    a packed batch (see packed-entries.ts) carries its keys beside its still deflated entries;
 * 2. ask `unchangedEntries` which `(key, hash)` pairs the store already holds: those entries are
 *    done, never validated (nothing of them is written, so a bad one cannot do harm);
 * 3. the rest: trusted as the producer validated them when the queue authenticated the payload
 *    (AES-GCM with the deployment's key), validated again otherwise; then `entries`.
 */

const head = {
  source: sourceNameSchema,
  snapshotId: snapshotIdSchema,
  batchIndex: z.number().int().nonnegative(),
};

const plainEnvelopeSchema = z
  .object({
    ...head,
    entries: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS),
    changeHashes: z.array(changeHashSchema).max(MAX_BATCH_ITEMS).optional(),
  })
  .strict();

const packedEnvelopeSchema = z
  .object({
    ...head,
    sourceKeys: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS),
    changeHashes: z.array(changeHashSchema).max(MAX_BATCH_ITEMS),
    packedEntries: z.string(),
  })
  .strict();

interface Envelope {
  source: string;
  snapshotId: string;
  batchIndex: number;
  sourceKeys: string[];
  changeHashes?: string[] | undefined;
  /** The entries, in the order of `sourceKeys` (unpacked on first use). */
  entries(): unknown[];
}

function invalid(message: string): InvalidPayloadError {
  return new InvalidPayloadError(`invalid entries payload: ${message}`);
}

/** `source` and `sourceKey` of an entry not yet validated. */
function identityOf(entry: unknown): { source?: unknown; sourceKey?: unknown } {
  return typeof entry === 'object' && entry !== null ? entry : {};
}

function checkedKeys(keys: readonly unknown[], pathOf: (i: number) => string): string[] {
  const seen = new Set<string>();
  return keys.map((sourceKey, i) => {
    if (typeof sourceKey !== 'string' || sourceKey.length < 1 || sourceKey.length > 256) {
      throw invalid(`${pathOf(i)}: must be a string of 1-256 characters`);
    }
    if (seen.has(sourceKey)) throw invalid('source keys must be unique within a batch');
    seen.add(sourceKey);
    return sourceKey;
  });
}

function checkHashCount(hashes: readonly string[] | undefined, count: number): void {
  if (hashes && hashes.length !== count) throw invalid('changeHashes must have one hash per entry');
}

function readPackedEnvelope(data: unknown): Envelope {
  const parsed = packedEnvelopeSchema.safeParse(data);
  if (!parsed.success) throw invalid(describeIssues(parsed.error.issues));
  const { sourceKeys: keys, packedEntries, ...envelope } = parsed.data;
  const sourceKeys = checkedKeys(keys, (i) => `sourceKeys.${i}`);
  checkHashCount(envelope.changeHashes, sourceKeys.length);
  let entries: unknown[] | undefined;
  return {
    ...envelope,
    sourceKeys,
    entries() {
      entries ??= unpackEntries(packedEntries);
      const matches =
        entries.length === sourceKeys.length &&
        entries.every((entry, i) => {
          const { source, sourceKey } = identityOf(entry);
          return source === envelope.source && sourceKey === sourceKeys[i];
        });
      if (!matches) throw invalid('packedEntries must hold one entry of the source per key, in order');
      return entries;
    },
  };
}

function readEnvelope(data: unknown): Envelope {
  if (typeof data === 'object' && data !== null && 'packedEntries' in data) return readPackedEnvelope(data);
  const parsed = plainEnvelopeSchema.safeParse(data);
  if (!parsed.success) throw invalid(describeIssues(parsed.error.issues));
  const { entries, ...envelope } = parsed.data;
  checkHashCount(envelope.changeHashes, entries.length);
  const identities = entries.map(identityOf);
  const sourceKeys = checkedKeys(
    identities.map((entry) => entry.sourceKey),
    (i) => `entries.${i}.sourceKey`,
  );
  if (identities.some((entry) => entry.source !== envelope.source)) {
    throw invalid('every entry must belong to the source');
  }
  return { ...envelope, sourceKeys, entries: () => entries };
}

/** The entries `unchangedEntries` left, as the handler's payload (validated unless trusted). */
function remainingPayload(envelope: Envelope, keep: number[], trusted: boolean): EntryBatchPayload {
  const { source, snapshotId, batchIndex } = envelope;
  const all = envelope.entries();
  const entries = keep.map((i) => all[i]);
  const hashes = envelope.changeHashes;
  if (trusted) {
    return {
      source,
      snapshotId,
      batchIndex,
      entries: entries as WorklistEntry[],
      changeHashes: hashes ? keep.map((i) => hashes[i]!) : entries.map((e) => changeHash(e as WorklistEntry)),
    };
  }
  const payload = parsePayload('entries', { source, snapshotId, batchIndex, entries });
  // Unauthenticated hashes only ever skip work; what is stored is hashed here, from what is stored.
  return { ...payload, changeHashes: payload.entries.map((entry) => changeHash(entry)) };
}

export async function runEntryBatch(
  data: unknown,
  ctx: JobContext,
  handlers: QueueHandlers,
  codec: PayloadCodec,
): Promise<EntryBatchResult> {
  const envelope = readEnvelope(data);
  const { changeHashes } = envelope;
  const unchanged =
    handlers.unchangedEntries && changeHashes
      ? await handlers.unchangedEntries(
          {
            source: envelope.source,
            snapshotId: envelope.snapshotId,
            batchIndex: envelope.batchIndex,
            sourceKeys: envelope.sourceKeys,
            changeHashes,
          },
          ctx,
        )
      : new Set<string>();
  const keep = envelope.sourceKeys.flatMap((key, i) => (unchanged.has(key) ? [] : [i]));
  const skipped = envelope.sourceKeys.length - keep.length;
  if (keep.length === 0) return { inserted: 0, updated: 0, unchanged: skipped, reactivated: 0, rejected: 0 };
  const result = entryBatchResultSchema.parse(
    await handlers.entries(remainingPayload(envelope, keep, codec.encrypted), ctx),
  );
  return { ...result, unchanged: result.unchanged + skipped };
}
