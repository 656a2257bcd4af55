// Test support: the embedded backend (PGlite + the in-process queue) for the writer and gateway
// tests that also run against it. Imported only by *.int.test.ts files.
import { createEmbeddedPrismaClient, type EmbeddedDatabase, type PrismaClient } from '@mwl/db';
import { createInProcessTransport, type QueueTransport, type SnapshotInput } from '@mwl/queue';
import { createWriterHandlers, DEFAULT_CANCEL_POLICY } from '@mwl/writer';
import { keyOf } from '@mwl/writer/testing';

/** A throw-away embedded database, migrated like a data folder. */
export function openMemoryDatabase(): Promise<EmbeddedDatabase> {
  return createEmbeddedPrismaClient({ dataDir: 'memory://' });
}

/** Empties every table between tests (one PGlite per file: creating one takes seconds). */
export async function emptyTables(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(
    'TRUNCATE worklist_item, source_cursor, sync_run, rejection, mpps_instance, mpps_worklist_link RESTART IDENTITY CASCADE',
  );
}

export { WINDOW, entries, keyOf, snapshot, syntheticEntry } from '@mwl/writer/testing';

/** The writer on the in-process transport, over `prisma`: what `mwl-bridge start` runs. */
export async function startEmbeddedWriter(prisma: PrismaClient): Promise<QueueTransport> {
  const logger = { info: () => {}, warn: () => {}, error: () => {} };
  const transport = createInProcessTransport({ logger, backoff: { delayMs: 50, jitter: 0.5 } });
  await transport.consume(createWriterHandlers({ prisma, cancelPolicy: DEFAULT_CANCEL_POLICY }));
  return transport;
}

/** Publishes a snapshot and waits for the writer to record its SyncRun. */
export async function sync(transport: QueueTransport, prisma: PrismaClient, input: SnapshotInput) {
  await transport.publishSnapshot(input);
  const deadline = Date.now() + 50_000;
  for (;;) {
    const run = await prisma.syncRun.findUnique({ where: { snapshotId: input.snapshotId } });
    if (run && run.outcome !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`snapshot ${input.snapshotId} not reconciled in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function statusOf(prisma: PrismaClient, i: number) {
  const row = await prisma.worklistItem.findFirstOrThrow({ where: { sourceKey: keyOf(i) } });
  return { status: row.status, cancelled: row.cancelledAt !== null };
}

/** What proves "no write": row versions, `updated_at` and the tuple ids (`xmin`) of every row. */
export async function fingerprint(prisma: PrismaClient) {
  const [row] = await prisma.$queryRaw<{ rows: number; versions: number; tuples: string }[]>`
    SELECT count(*)::int AS rows, coalesce(sum(row_version), 0)::int AS versions,
           md5(coalesce(string_agg(xmin::text || '/' || updated_at::text, ',' ORDER BY id), '')) AS tuples
    FROM worklist_item`;
  return row!;
}
