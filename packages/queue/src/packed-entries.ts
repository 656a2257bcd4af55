import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { InvalidPayloadError } from './errors.ts';
import type { EntryBatchPayload } from './payloads.ts';

/**
 * A large entry batch travels packed: its keys and change hashes as they are, its entries as one
 * deflated JSON string (base64), so
 * - what a worker fetches, converts to a string and parses is about a quarter of the plain JSON
 *   (BullMQ also turns the next job's data into a string once more when it completes a job);
 * - a batch whose `(key, hash)` pairs the store already holds is done without its entries ever
 *   being inflated or parsed.
 * Small batches stay plain: packing them saves nothing. Inside an encrypted payload the packed form
 * is encrypted like the rest (compressed first, so there is less to encrypt).
 */
export interface PackedEntryBatch {
  source: string;
  snapshotId: string;
  batchIndex: number;
  sourceKeys: string[];
  changeHashes: string[];
  /** base64 of the raw-deflated JSON array of the entries, in the order of `sourceKeys`. */
  packedEntries: string;
}

/** Batches with fewer entries are stored plain. */
export const PACK_MIN_ENTRIES = 100;

/** Bound on an inflated batch: far above MAX_BATCH_ITEMS entries, far below harm. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

export function packEntryBatch(payload: EntryBatchPayload): EntryBatchPayload | PackedEntryBatch {
  const { entries, changeHashes, ...rest } = payload;
  if (entries.length < PACK_MIN_ENTRIES || !changeHashes) return payload;
  return {
    ...rest,
    sourceKeys: entries.map((entry) => entry.sourceKey),
    changeHashes,
    // Level 1: most of the gain at a fraction of the default level's time.
    packedEntries: deflateRawSync(JSON.stringify(entries), { level: 1 }).toString('base64'),
  };
}

/** The entries of a packed batch (not yet validated); InvalidPayloadError when unreadable. */
export function unpackEntries(packedEntries: string): unknown[] {
  let entries: unknown;
  try {
    const json = inflateRawSync(Buffer.from(packedEntries, 'base64'), {
      maxOutputLength: MAX_UNPACKED_BYTES,
    }).toString('utf8');
    entries = JSON.parse(json) as unknown;
  } catch (cause) {
    throw new InvalidPayloadError('invalid entries payload: packedEntries cannot be read', { cause });
  }
  if (!Array.isArray(entries)) {
    throw new InvalidPayloadError('invalid entries payload: packedEntries is not a list of entries');
  }
  return entries;
}
