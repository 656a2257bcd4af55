import { changeHash, type WorklistEntry } from '@mwl/domain';
import { z } from 'zod';
import { InvalidPayloadError } from './errors.ts';
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
 * 2. ask `unchangedEntries` which `(key, hash)` pairs the store already holds: those entries are
 *    done, never validated (nothing of them is written, so a bad one cannot do harm);
 * 3. the rest: trusted as the producer validated them when the queue authenticated the payload
 *    (AES-GCM with the deployment's key), validated again otherwise; then `entries`.
 */

const envelopeSchema = z
  .object({
    source: sourceNameSchema,
    snapshotId: snapshotIdSchema,
    batchIndex: z.number().int().nonnegative(),
    entries: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS),
    changeHashes: z.array(changeHashSchema).max(MAX_BATCH_ITEMS).optional(),
  })
  .strict();

interface Envelope extends z.output<typeof envelopeSchema> {
  sourceKeys: string[];
}

function invalid(message: string): InvalidPayloadError {
  return new InvalidPayloadError(`invalid entries payload: ${message}`);
}

function readEnvelope(data: unknown): Envelope {
  const parsed = envelopeSchema.safeParse(data);
  if (!parsed.success) throw invalid(describeIssues(parsed.error.issues));
  const envelope = parsed.data;
  if (envelope.changeHashes && envelope.changeHashes.length !== envelope.entries.length) {
    throw invalid('changeHashes must have one hash per entry');
  }
  const sourceKeys: string[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of envelope.entries.entries()) {
    const { source, sourceKey } = (typeof entry === 'object' && entry !== null ? entry : {}) as {
      source?: unknown;
      sourceKey?: unknown;
    };
    if (typeof sourceKey !== 'string' || sourceKey.length < 1 || sourceKey.length > 256) {
      throw invalid(`entries.${i}.sourceKey: must be a string of 1-256 characters`);
    }
    if (source !== envelope.source) throw invalid('every entry must belong to the source');
    if (seen.has(sourceKey)) throw invalid('source keys must be unique within a batch');
    seen.add(sourceKey);
    sourceKeys.push(sourceKey);
  }
  return { ...envelope, sourceKeys };
}

/** The entries `unchangedEntries` left, as the handler's payload (validated unless trusted). */
function remainingPayload(envelope: Envelope, keep: number[], trusted: boolean): EntryBatchPayload {
  const { source, snapshotId, batchIndex } = envelope;
  const entries = keep.map((i) => envelope.entries[i]);
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
