import { worklistEntrySchema } from '@mwl/domain';
import { z } from 'zod';
import type { JobKind } from './queue-names.ts';

/**
 * Payload schemas of every job. Producers validate before enqueueing, workers validate after
 * decrypting; a payload that fails is failed at once, never retried.
 */

/** Upper bound of items in one batch job (entries or rejections). */
export const MAX_BATCH_ITEMS = 5000;

/**
 * Snapshot ids become part of job ids: no `:` (BullMQ's key separator) and never a plain integer
 * (BullMQ reads those as its own counters).
 */
export const snapshotIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 characters of A-Z a-z 0-9 . _ -')
  .refine((id) => !/^\d+$/.test(id), 'must not be a plain integer');

export const sourceNameSchema = z.string().min(1).max(64);
const MAX_SOURCE_KEY = 256;
const sourceKeySchema = z.string().min(1).max(MAX_SOURCE_KEY);
const SOURCE_KEY_PROBLEM = `must be a string of 1-${MAX_SOURCE_KEY} characters`;

/**
 * A list of source keys, checked in one loop: zod runs a schema per element of an array, ~0.4 µs a
 * key, and a complete snapshot's list (every key of the window: 100,000 in bench:writer) is checked
 * by its producer and again by the writer. Same rule as `sourceKeySchema`, the first bad key named
 * by its index; the list itself is returned, not a copy.
 */
const sourceKeyListSchema = z
  .custom<string[]>((value) => Array.isArray(value), 'must be an array of source keys')
  .superRefine((keys, ctx) => {
    const bad = keys.findIndex(
      (key: unknown) => typeof key !== 'string' || key.length < 1 || key.length > MAX_SOURCE_KEY,
    );
    if (bad >= 0) ctx.addIssue({ code: 'custom', path: [bad], message: SOURCE_KEY_PROBLEM });
  });
const instantSchema = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();

export const snapshotKindSchema = z.enum(['incremental', 'full', 'targeted']);
export type SnapshotKind = z.output<typeof snapshotKindSchema>;

/** A half-open schedule window `[from, to)`: entries whose SPS starts inside it. */
export const windowSchema = z
  .object({ from: instantSchema, to: instantSchema })
  .strict()
  .refine((w) => Date.parse(w.from) < Date.parse(w.to), 'window.from must be before window.to');
export type SnapshotWindow = z.output<typeof windowSchema>;

/** A change hash as `changeHash()` writes it: sha256, 64 lower-case hex digits. */
export const changeHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');

export const entryBatchPayloadSchema = z
  .object({
    source: sourceNameSchema,
    snapshotId: snapshotIdSchema,
    batchIndex: count,
    entries: z.array(worklistEntrySchema).min(1).max(MAX_BATCH_ITEMS),
    /**
     * `changeHash()` of each entry, in order, computed where the batch was planned. The writer
     * compares `(sourceKey, changeHash)` with the store before it reads the entries themselves.
     */
    changeHashes: z.array(changeHashSchema).max(MAX_BATCH_ITEMS).optional(),
  })
  .strict()
  .refine(
    (p) => p.changeHashes === undefined || p.changeHashes.length === p.entries.length,
    'changeHashes must have one hash per entry',
  )
  .refine((p) => p.entries.every((e) => e.source === p.source), 'every entry must belong to the source')
  .refine(
    (p) => new Set(p.entries.map((e) => e.sourceKey)).size === p.entries.length,
    'source keys must be unique within a batch',
  );
export type EntryBatchPayload = z.output<typeof entryBatchPayloadSchema>;

export const rejectionItemSchema = z
  .object({
    sourceKey: sourceKeySchema,
    /** Stable reason, e.g. `NO_SCHEDULED_DATE`. */
    reasonCode: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be UPPER_SNAKE_CASE, at most 64 characters'),
    /** What is wrong, naming fields, never values. */
    message: z.string().min(1).max(1000),
    /** Where to find the raw record (`record=12 event=baseline_arm_1`), not its content. */
    rawRef: z.string().max(256).nullable().default(null),
  })
  .strict();
export type RejectionItem = z.output<typeof rejectionItemSchema>;
export type RejectionItemInput = z.input<typeof rejectionItemSchema>;

export const rejectionBatchPayloadSchema = z
  .object({
    source: sourceNameSchema,
    snapshotId: snapshotIdSchema,
    batchIndex: count,
    items: z.array(rejectionItemSchema).min(1).max(MAX_BATCH_ITEMS),
  })
  .strict();
export type RejectionBatchPayload = z.output<typeof rejectionBatchPayloadSchema>;

/** A failure as the writer records it on the run: a stable code and a message without patient data. */
const failureSchema = z
  .object({
    code: z.string().regex(/^MWL_ERR_[A-Z0-9_]+$/, 'must be an MWL_ERR_ code'),
    /** Never patient data. */
    message: z.string().max(1000),
  })
  .strict();

export const reconcilePayloadSchema = z
  .object({
    source: sourceNameSchema,
    snapshotId: snapshotIdSchema,
    kind: snapshotKindSchema,
    window: windowSchema.nullable(),
    /** True when the fetch read the whole window: only then may missing keys be cancelled. */
    complete: z.boolean(),
    /** Keys the fetch saw in the window (entries and rejected records); empty when not complete. */
    seenKeys: sourceKeyListSchema,
    /** When the fetch began: rows written after it are never cancelled by this snapshot. */
    startedAt: instantSchema,
    counts: z.object({ fetched: count, rejected: count }).strict(),
    /** How many batch children the flow has, to check that all of them reported. */
    batches: z.object({ entries: count, rejections: count }).strict(),
    /**
     * A snapshot published in parts whose fetch did not finish: its batches are written (each
     * entry is valid on its own) but the run is recorded failed with this error, nothing cancelled.
     */
    abandoned: failureSchema.optional(),
  })
  .strict()
  .refine((p) => !p.abandoned || !p.complete, 'an abandoned snapshot is never complete')
  .refine((p) => !p.complete || p.window !== null, 'a complete snapshot needs a window')
  .refine((p) => !p.complete || p.kind !== 'targeted', 'a targeted snapshot is never complete')
  .refine((p) => p.complete || p.seenKeys.length === 0, 'seenKeys belong to complete snapshots only');
export type ReconcilePayload = z.output<typeof reconcilePayloadSchema>;

export const syncFailurePayloadSchema = z
  .object({
    source: sourceNameSchema,
    snapshotId: snapshotIdSchema,
    kind: snapshotKindSchema,
    window: windowSchema.nullable(),
    startedAt: instantSchema,
    error: failureSchema,
  })
  .strict();
export type SyncFailurePayload = z.output<typeof syncFailurePayloadSchema>;
export type SyncFailureInput = z.input<typeof syncFailurePayloadSchema>;

/** What an entry batch job returns; the reconcile job sums its children (a redelivery counts once). */
export const entryBatchResultSchema = z
  .object({
    inserted: count,
    updated: count,
    unchanged: count,
    /** Updated rows that had been cancelled (included in `updated`). */
    reactivated: count,
    /** Entries the writer could not store (e.g. a StudyInstanceUID another item holds), now rejections. */
    rejected: count,
  })
  .strict();
export type EntryBatchResult = z.output<typeof entryBatchResultSchema>;

export const rejectionBatchResultSchema = z.object({ recorded: count }).strict();
export type RejectionBatchResult = z.output<typeof rejectionBatchResultSchema>;

export interface PayloadByKind {
  entries: EntryBatchPayload;
  rejections: RejectionBatchPayload;
  reconcile: ReconcilePayload;
  syncFailures: SyncFailurePayload;
}

export const PAYLOAD_SCHEMAS = {
  entries: entryBatchPayloadSchema,
  rejections: rejectionBatchPayloadSchema,
  reconcile: reconcilePayloadSchema,
  syncFailures: syncFailurePayloadSchema,
} as const satisfies Record<JobKind, z.ZodType>;
