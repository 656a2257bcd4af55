// REDCap sync, end to end: a fake REDCap project of 10,000 records → fetcher → BullMQ → writer →
// Postgres. A full sync into an empty worklist, then an unchanged full re-sync (which must write
// no row). The fetcher runs in a child process (fetch-child.ts) so its peak memory is its own; the
// fake REDCap and the writer run here. Not a test: run with `npm run bench:redcap`. It creates a
// scratch database and queue prefix and removes both at the end.
//
// Env: DATABASE_URL (server; default postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL,
// BENCH_RECORDS (default 10000), BENCH_CONCURRENCY (writer entry batches at once, default 2),
// BENCH_LOG_LEVEL=info (the fetcher's log lines on stderr).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createPrismaClient, type PrismaClient, type SyncRun } from '@mwl/db';
import { createBullmqTransport, type QueueTransport } from '@mwl/queue';
import { startFakeRedcap, type FakeRedcap } from '@mwl/testing/fake-redcap';
import { createWriterHandlers, DEFAULT_CANCEL_POLICY } from '@mwl/writer';
import { BENCH_SOURCE, syntheticProject } from './synthetic-project.ts';
import {
  BENCH_REDIS_URL,
  createScratchDatabase,
  deleteQueueKeys,
  describeMachine,
  uniqueBenchPrefix,
} from '../support.ts';

const redisUrl = BENCH_REDIS_URL;
const records = Number(process.env.BENCH_RECORDS || 10_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY || 2);
const TIMEZONE = 'America/Edmonton';
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const root = fileURLToPath(new URL('../../', import.meta.url));

type ChildMessage = { event: string; [key: string]: unknown };

/** The fetcher process: send it commands, await its JSON answers. */
function startChild(env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(
    `${root}node_modules/.bin/tsx`,
    [`${root}bench/redcap/fetch-child.ts`],
    { cwd: root, env: { ...process.env, ...env } },
  );
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const waiting: ((message: ChildMessage) => void)[] = [];
  const queued: ChildMessage[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const message = JSON.parse(line) as Partial<ChildMessage>;
    if (typeof message.event !== 'string') {
      process.stderr.write(`fetcher: ${line}\n`); // a log line (BENCH_LOG_LEVEL=info)
      return;
    }
    const next = waiting.shift();
    if (next) next(message as ChildMessage);
    else queued.push(message as ChildMessage);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    send: (command: string) => child.stdin.write(`${command}\n`),
    next: (): Promise<ChildMessage> =>
      queued.length > 0
        ? Promise.resolve(queued.shift()!)
        : Promise.race([
            new Promise<ChildMessage>((resolve) => waiting.push(resolve)),
            exited.then((code) => Promise.reject(new Error(`fetcher process exited with ${code}`))),
          ]),
    exited,
  };
}

async function waitForRuns(prisma: PrismaClient, count: number): Promise<SyncRun> {
  for (;;) {
    const runs = await prisma.syncRun.findMany({
      where: { source: 'bench', outcome: { not: 'running' } },
      orderBy: { startedAt: 'asc' },
    });
    if (runs.length >= count) return runs[count - 1]!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Each row's tuple id: a write of any kind gives the row a new one. */
async function tuples(prisma: PrismaClient): Promise<Map<string, string>> {
  const rows = await prisma.$queryRaw<{ id: bigint; xmin: string }[]>`
    SELECT id, xmin::text AS xmin FROM worklist_item`;
  return new Map(rows.map((row) => [String(row.id), row.xmin]));
}

async function main(): Promise<void> {
  console.log(describeMachine());
  console.log(`records=${records} writer_concurrency=${concurrency}`);

  const scratch = await createScratchDatabase();
  const { databaseUrl } = scratch;
  const prefix = uniqueBenchPrefix();
  let prisma: PrismaClient | undefined;
  let writer: QueueTransport | undefined;
  let fake: FakeRedcap | undefined;
  try {
    prisma = createPrismaClient({ databaseUrl, poolSize: concurrency + 3, applicationName: 'mwl-bench' });
    writer = createBullmqTransport({
      redisUrl,
      prefix,
      logger: silent,
      worker: { concurrency: { entries: concurrency } },
    });
    await writer.consume(createWriterHandlers({ prisma, cancelPolicy: DEFAULT_CANCEL_POLICY }));
    fake = await startFakeRedcap({ fixture: syntheticProject(records, TIMEZONE), timezone: TIMEZONE });

    const child = startChild({
      BENCH_CONFIG: JSON.stringify({ timezone: TIMEZONE, data_sources: [BENCH_SOURCE] }),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      REDCAP_API_URL: fake.url,
      REDCAP_API_TOKEN: fake.token,
    });
    const ready = await child.next();
    console.log(`fetcher process ready (rss ${Number(ready.rssMb).toFixed(0)} MB)`);

    const sync = async (label: string, nth: number) => {
      const started = performance.now();
      child.send('tick');
      const tick = await child.next();
      const run = await waitForRuns(prisma!, nth);
      const seconds = (performance.now() - started) / 1000;
      const outcome = tick.outcome as { outcome: string; entries?: number };
      console.log(
        `${label}: ${seconds.toFixed(2)} s (fetch + publish ${(Number(tick.ms) / 1000).toFixed(2)} s), ` +
          `${outcome.outcome} entries=${outcome.entries ?? 0}; run ${run.kind} ${run.outcome} ` +
          `inserted=${run.inserted} updated=${run.updated} unchanged=${run.unchanged} rejected=${run.rejected}`,
      );
      return { seconds, run };
    };

    const full = await sync('full sync', 1);
    const before = await tuples(prisma);
    // The next tick is a full snapshot again once a second passed since the first began.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, full.run.startedAt.getTime() + 1_100 - Date.now())),
    );
    const resync = await sync('unchanged re-sync', 2);
    const after = await tuples(prisma);
    const writes =
      [...after].filter(([id, xmin]) => before.get(id) !== xmin).length +
      (before.size - after.size > 0 ? before.size - after.size : 0);

    child.send('exit');
    const memory = await child.next();
    await child.exited;
    const peakRssMb = Math.max(Number(memory.peakRssMb), Number(memory.maxRssMb));
    console.log(
      `fetcher memory: sampled peak rss ${Number(memory.peakRssMb).toFixed(0)} MB, ` +
        `maxRSS ${Number(memory.maxRssMb).toFixed(0)} MB; worklist rows ${after.size}`,
    );
    console.log(
      `RESULT full_sync_s=${full.seconds.toFixed(2)} peak_rss_mb=${peakRssMb.toFixed(0)} ` +
        `resync_s=${resync.seconds.toFixed(2)} resync_writes=${writes}`,
    );
  } finally {
    await writer?.close();
    await fake?.close();
    await prisma?.$disconnect();
    await scratch.drop();
    await deleteQueueKeys(prefix);
  }
}

await main();
