// Writer throughput: 100,000 entries through the BullMQ transport into Postgres, an insert pass
// then an unchanged pass. Not a test: run with `npm run bench:writer`. It creates a scratch database
// (migrated with the offline migrator) and a scratch queue prefix, and removes both at the end.
//
// Env: DATABASE_URL (server; default postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL,
// BENCH_ENTRIES (default 100000), BENCH_BATCH (entries per job, default 1000),
// BENCH_CONCURRENCY (entry batches at once, default 2), BENCH_ENCRYPT=1 (AES-256-GCM payloads).
import { randomBytes } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '@mwl/db';
import { createBullmqTransport, type QueueTransport, type SnapshotInput } from '@mwl/queue';
import { createWriterHandlers } from '@mwl/writer';
import { syntheticEntries } from './synthetic-entries.ts';
import {
  BENCH_REDIS_URL,
  createScratchDatabase,
  deleteQueueKeys,
  describeMachine,
  uniqueBenchPrefix,
} from '../support.ts';

const redisUrl = BENCH_REDIS_URL;
const count = Number(process.env.BENCH_ENTRIES || 100_000);
const batchSize = Number(process.env.BENCH_BATCH || 1000);
const concurrency = Number(process.env.BENCH_CONCURRENCY || 2);
const encryptionKey = process.env.BENCH_ENCRYPT === '1' ? randomBytes(32) : null;
const silent = { info: () => {}, warn: () => {}, error: () => {} };

interface Pass {
  label: string;
  publishS: number;
  writeS: number;
  totalS: number;
}

async function waitForRun(prisma: PrismaClient, snapshotId: string) {
  for (;;) {
    const run = await prisma.syncRun.findUnique({ where: { snapshotId } });
    if (run && run.outcome !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function pass(
  label: string,
  producer: QueueTransport,
  prisma: PrismaClient,
  input: SnapshotInput,
): Promise<Pass> {
  const t0 = performance.now();
  await producer.publishSnapshot(input);
  const t1 = performance.now();
  const run = await waitForRun(prisma, input.snapshotId);
  const t2 = performance.now();
  console.log(
    `${label}: inserted=${run.inserted} updated=${run.updated} unchanged=${run.unchanged} ` +
      `outcome=${run.outcome}`,
  );
  return { label, publishS: (t1 - t0) / 1000, writeS: (t2 - t1) / 1000, totalS: (t2 - t0) / 1000 };
}

async function main(): Promise<void> {
  console.log(describeMachine());
  console.log(
    `entries=${count} batch=${batchSize} concurrency=${concurrency} encrypted=${encryptionKey !== null}`,
  );

  const scratch = await createScratchDatabase();
  const { databaseUrl } = scratch;
  const prefix = uniqueBenchPrefix();
  let prisma: PrismaClient | undefined;
  const transports: QueueTransport[] = [];
  try {
    prisma = createPrismaClient({ databaseUrl, poolSize: concurrency + 3, applicationName: 'mwl-bench' });
    const common = { redisUrl, prefix, encryptionKey, batchSize, logger: silent };
    const producer = createBullmqTransport(common);
    const consumer = createBullmqTransport({ ...common, worker: { concurrency: { entries: concurrency } } });
    transports.push(producer, consumer);
    await consumer.consume(createWriterHandlers({ prisma, cancelPolicy: { threshold: 0.5, minimum: 5 } }));

    const entries = syntheticEntries(count);
    const snapshot = (snapshotId: string): SnapshotInput => ({
      source: 'bench',
      snapshotId,
      kind: 'full',
      window: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
      complete: true,
      startedAt: new Date().toISOString(),
      entries,
    });
    const passes = [
      await pass('insert pass', producer, prisma, snapshot('bench-insert')),
      await pass('unchanged pass', producer, prisma, snapshot('bench-unchanged')),
    ];
    for (const p of passes) {
      console.log(
        `${p.label}: writer ${Math.round(count / p.writeS)} entries/s (${p.writeS.toFixed(2)} s), ` +
          `publish ${Math.round(count / p.publishS)} entries/s (${p.publishS.toFixed(2)} s), ` +
          `end to end ${Math.round(count / p.totalS)} entries/s (${p.totalS.toFixed(2)} s)`,
      );
    }
    console.log(
      `RESULT insert_per_s=${Math.round(count / passes[0]!.writeS)} ` +
        `unchanged_per_s=${Math.round(count / passes[1]!.writeS)}`,
    );
  } finally {
    for (const transport of transports) await transport.close();
    await prisma?.$disconnect();
    await scratch.drop();
    await deleteQueueKeys(prefix);
  }
}

await main();
