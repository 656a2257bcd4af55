// Writer throughput: 100,000 entries through the BullMQ transport into Postgres, an insert pass
// then an unchanged pass. Not a test: run with `npm run bench:writer`. It creates a scratch database
// (migrated with the offline migrator) and a scratch queue prefix, and removes both at the end.
//
// Env: DATABASE_URL (server; default postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL,
// BENCH_ENTRIES (default 100000), BENCH_BATCH (entries per job, default 1000),
// BENCH_CONCURRENCY (entry batches at once, default 2), BENCH_ENCRYPT=1 (AES-256-GCM payloads).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import {
  applyMigrations,
  createDatabase,
  createPrismaClient,
  databaseUrlFor,
  defaultMigrationsDir,
  dropDatabase,
  type PrismaClient,
} from '@mwl/db';
import { createBullmqTransport, type QueueTransport, type SnapshotInput } from '@mwl/queue';
import { Redis } from 'ioredis';
import { createWriterHandlers } from '@mwl/writer';
import { syntheticEntries } from './synthetic-entries.ts';

const serverUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
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

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0];
  console.log(
    `machine: ${cpu?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `entries=${count} batch=${batchSize} concurrency=${concurrency} encrypted=${encryptionKey !== null}`,
  );

  const database = `mwl_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `mwl-bench-${randomBytes(4).toString('hex')}`;
  await createDatabase(serverUrl, database);
  const databaseUrl = databaseUrlFor(serverUrl, database);
  let prisma: PrismaClient | undefined;
  const transports: QueueTransport[] = [];
  try {
    await applyMigrations({ databaseUrl, migrationsDir: defaultMigrationsDir() });
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
    await dropDatabase(serverUrl, database);
    await deleteKeys(prefix);
  }
}

await main();
