// Writer throughput: 100,000 entries through the BullMQ transport into Postgres, an insert pass
// then an unchanged pass. Not a test: run with `npm run bench:writer`. It creates a scratch database
// (migrated with the offline migrator) and a scratch queue prefix, and removes both at the end.
//
// The snapshots are published by a child process (publisher-child.ts), as a fetcher would in
// production: this process runs only the writer, so its CPU time is the writer's. The figure is the
// writer's: from the publish's end to the sync run's end (the reconcile included). Each pass also
// prints the CPU time, per 1,000 entries, of the writer process, its Postgres backends and Redis.
//
// Env: DATABASE_URL (server; default postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL,
// BENCH_ENTRIES (default 100000), BENCH_BATCH (entries per job, default: the transport's),
// BENCH_CONCURRENCY (entry batches at once, default 2), BENCH_ENCRYPT=1 (AES-256-GCM payloads),
// BENCH_TIMEOUT_S (longest wait for one pass, default 600).
//
// It fails instead of printing figures when a pass ends other than `succeeded`, or its counts
// (inserted / unchanged, the rows in the table) are not what was published.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createPrismaClient, type PrismaClient } from '@mwl/db';
import type { JobFinishedEvent, QueueTransport } from '@mwl/queue';
import { createBullmqTransport, DEFAULT_BATCH_SIZE } from '@mwl/queue/bullmq';
import { createWriterHandlers } from '@mwl/writer';
import { Publisher } from './publisher.ts';
import {
  armWatchdog,
  BENCH_REDIS_URL,
  check,
  cpuMsOf,
  createScratchDatabase,
  deleteQueueKeys,
  describeMachine,
  pollUntil,
  recordResult,
  uniqueBenchPrefix,
  withTimeout,
} from '../support.ts';

const redisUrl = BENCH_REDIS_URL;
const count = Number(process.env.BENCH_ENTRIES || 100_000);
const batchSize = Number(process.env.BENCH_BATCH || DEFAULT_BATCH_SIZE);
const concurrency = Number(process.env.BENCH_CONCURRENCY || 2);
const encryptionKey = process.env.BENCH_ENCRYPT === '1' ? randomBytes(32) : null;
const timeoutMs = Number(process.env.BENCH_TIMEOUT_S || 600) * 1000;
const silent = { info: () => {}, warn: () => {}, error: () => {} };
/** The writer's pool, told apart from the bench's own client in pg_stat_activity. */
const WRITER_APP = 'mwl-bench-writer';

/** Job time by kind during a pass: where the writer's time went (handlers only, not the queue). */
class JobTimes {
  #byKind = new Map<string, { jobs: number; ms: number }>();
  failures: string[] = [];
  record = (event: JobFinishedEvent): void => {
    if (event.outcome !== 'completed')
      this.failures.push(`${event.kind} ${event.outcome} ${event.errorCode}`);
    const total = this.#byKind.get(event.kind) ?? { jobs: 0, ms: 0 };
    total.jobs++;
    total.ms += event.durationMs;
    this.#byKind.set(event.kind, total);
  };
  reset(): void {
    this.#byKind.clear();
    this.failures = [];
  }
  describe(): string {
    return [...this.#byKind]
      .map(
        ([kind, t]) =>
          `${kind} ${t.jobs} jobs, ${(t.ms / t.jobs).toFixed(1)} ms each (${(t.ms / 1000).toFixed(2)} s)`,
      )
      .join('; ');
  }
}

interface Pass {
  label: string;
  publishS: number;
  writeS: number;
  totalS: number;
}

interface Context {
  publisher: Publisher;
  /** The bench's own client (polling, counting), apart from the writer's pool. */
  prisma: PrismaClient;
  redis: Redis;
  jobTimes: JobTimes;
}

/** CPU ms used so far by this (the writer's) process, its Postgres backends and the Redis server. */
async function sampleCpu(ctx: Context): Promise<{ writer: number; postgres: number; redis: number }> {
  const backends = await ctx.prisma.$queryRaw<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = ${WRITER_APP}`;
  const redisPid = Number(/process_id:(\d+)/.exec(await ctx.redis.info('server'))?.[1]);
  const used = process.cpuUsage();
  return {
    writer: (used.user + used.system) / 1000,
    postgres: cpuMsOf(backends.map((b) => b.pid)),
    redis: Number.isFinite(redisPid) ? cpuMsOf([redisPid]) : 0,
  };
}

async function waitForRun(prisma: PrismaClient, snapshotId: string) {
  return pollUntil(
    async () => {
      const run = await prisma.syncRun.findUnique({ where: { snapshotId } });
      return run && run.outcome !== 'running' ? run : undefined;
    },
    timeoutMs,
    `sync run ${snapshotId}`,
  );
}

async function pass(
  label: string,
  ctx: Context,
  snapshotId: string,
  expected: { inserted: number; unchanged: number },
): Promise<Pass> {
  const { prisma, jobTimes } = ctx;
  jobTimes.reset();
  const t0 = performance.now();
  const published = await ctx.publisher.publish(snapshotId);
  const t1 = performance.now();
  const cpuBefore = await sampleCpu(ctx);
  const run = await waitForRun(prisma, snapshotId);
  const t2 = performance.now();
  const cpuAfter = await sampleCpu(ctx);
  console.log(
    `${label}: inserted=${run.inserted} updated=${run.updated} unchanged=${run.unchanged} ` +
      `outcome=${run.outcome}`,
  );
  console.log(`${label}: ${jobTimes.describe()}`);
  const per1000 = (ms: number) => ((ms * 1000) / count).toFixed(1);
  console.log(
    `${label}: CPU ms per 1,000 entries: writer process ${per1000(cpuAfter.writer - cpuBefore.writer)}, ` +
      `its Postgres backends ${per1000(cpuAfter.postgres - cpuBefore.postgres)}, ` +
      `Redis ${per1000(cpuAfter.redis - cpuBefore.redis)}; publisher ${per1000(published.cpuMs)}`,
  );
  check(jobTimes.failures.length === 0, `${label}: jobs did not complete: ${jobTimes.failures.join(', ')}`);
  check(run.outcome === 'succeeded', `${label}: run ended ${run.outcome}, not succeeded`);
  check(run.kind === 'full', `${label}: run kind ${run.kind}, expected full`);
  check(
    run.inserted === expected.inserted && run.unchanged === expected.unchanged && run.updated === 0,
    `${label}: inserted=${run.inserted} unchanged=${run.unchanged} updated=${run.updated}, ` +
      `expected inserted=${expected.inserted} unchanged=${expected.unchanged} updated=0`,
  );
  const rows = await prisma.worklistItem.count({ where: { source: 'bench', cancelledAt: null } });
  check(rows === count, `${label}: ${rows} active rows in the table, expected ${count}`);
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
  let writerPrisma: PrismaClient | undefined;
  let prisma: PrismaClient | undefined;
  let publisher: Publisher | undefined;
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const transports: QueueTransport[] = [];
  try {
    writerPrisma = createPrismaClient({
      databaseUrl,
      poolSize: concurrency + 3,
      applicationName: WRITER_APP,
    });
    prisma = createPrismaClient({ databaseUrl, poolSize: 2, applicationName: 'mwl-bench' });
    await redis.connect();
    const jobTimes = new JobTimes();
    const consumer = createBullmqTransport({
      redisUrl,
      prefix,
      encryptionKey,
      batchSize,
      logger: silent,
      worker: { concurrency: { entries: concurrency } },
      onJobFinished: jobTimes.record,
    });
    transports.push(consumer);
    await withTimeout(
      consumer.consume(
        createWriterHandlers({ prisma: writerPrisma, cancelPolicy: { threshold: 0.5, minimum: 5 } }),
      ),
      60_000,
      'starting the writer',
    );
    const encryptionKeyHex = encryptionKey?.toString('hex') ?? null;
    publisher = await Publisher.start({ redisUrl, prefix, encryptionKeyHex, batchSize, count }, timeoutMs);
    const ctx: Context = { publisher, prisma, redis, jobTimes };
    const passes = [
      await pass('insert pass', ctx, 'bench-insert', { inserted: count, unchanged: 0 }),
      await pass('unchanged pass', ctx, 'bench-unchanged', { inserted: 0, unchanged: count }),
    ];
    for (const p of passes) {
      console.log(
        `${p.label}: writer ${Math.round(count / p.writeS)} entries/s (${p.writeS.toFixed(2)} s), ` +
          `publish ${Math.round(count / p.publishS)} entries/s (${p.publishS.toFixed(2)} s), ` +
          `end to end ${Math.round(count / p.totalS)} entries/s (${p.totalS.toFixed(2)} s)`,
      );
    }
    const figure =
      `insert_per_s=${Math.round(count / passes[0]!.writeS)} ` +
      `unchanged_per_s=${Math.round(count / passes[1]!.writeS)}`;
    recordResult({
      bench: `writer (${count} entries, batch ${batchSize}, concurrency ${concurrency}${encryptionKey ? ', encrypted' : ''})`,
      figure,
      command: 'npm run bench:writer',
    });
    console.log(`RESULT ${figure}`);
  } finally {
    await publisher?.close();
    for (const transport of transports) await transport.close();
    redis.disconnect();
    await writerPrisma?.$disconnect();
    await prisma?.$disconnect();
    await scratch.drop();
    await deleteQueueKeys(prefix);
  }
}

armWatchdog(3 * timeoutMs, 'bench:writer');
await main();
