// REDCap sync, end to end: a fake REDCap project of 10,000 records → fetcher → BullMQ → writer →
// Postgres. A full sync into an empty worklist, then an unchanged full re-sync (which must write
// no row). The fetcher runs in a child process (fetch-child.ts) so its peak memory is its own; the
// fake REDCap and the writer run here. Not a test: run with `npm run bench:redcap`. It creates a
// scratch database and queue prefix and removes both at the end. It checks what it measured (runs
// succeeded, full, every record inserted then unchanged, no write on the re-sync) and fails, with
// no RESULT line, when anything is off or takes too long.
//
// Flags: --records N (default 10000; BENCH_RECORDS), --built (run the fetcher bundled to plain JS,
// as deployed, instead of under tsx), --timeout-s N (the whole bench; default 120 + 3 ms/record),
// --fetch-only (two full fetches of the plugin alone, batches counted and dropped: no queue, no
// writer; the plugin's share of the fetcher's memory).
// Env: DATABASE_URL (server; default postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL,
// BENCH_CONCURRENCY (writer entry batches at once, default 2), BENCH_LOG_LEVEL=info (the fetcher's
// log lines on stderr), BENCH_FETCHER_NODE_OPTIONS (the fetcher's Node flags instead of its
// containers' `--max-semi-space-size=1 --max-old-space-size=256`).
import { parseArgs } from 'node:util';
import { createPrismaClient, type PrismaClient, type SyncRun } from '@mwl/db';
import type { QueueTransport } from '@mwl/queue';
import { createBullmqTransport } from '@mwl/queue/bullmq';
import {
  redcapSourceFixture,
  startFakeRedcap,
  syntheticRedcapProject,
  type FakeRedcap,
} from '@mwl/testing/fake-redcap';
import { createWriterHandlers, DEFAULT_CANCEL_POLICY } from '@mwl/writer';
import { startFetcherProcess, type FetcherProcess } from './fetcher-process.ts';
import {
  armWatchdog,
  BENCH_REDIS_URL,
  check,
  createScratchDatabase,
  deleteQueueKeys,
  describeMachine,
  recordResult,
  uniqueBenchPrefix,
  withTimeout,
} from '../support.ts';

const { values: flags } = parseArgs({
  options: {
    records: { type: 'string' },
    built: { type: 'boolean', default: false },
    'fetch-only': { type: 'boolean', default: false },
    'timeout-s': { type: 'string' },
  },
});
const redisUrl = BENCH_REDIS_URL;
const records = Number(flags.records ?? (process.env.BENCH_RECORDS || 10_000));
const concurrency = Number(process.env.BENCH_CONCURRENCY || 2);
const timeoutMs = Number(flags['timeout-s'] ?? 120 + records * 0.003) * 1000;
if (!Number.isInteger(records) || records < 1) throw new Error('--records must be a positive integer');
const TIMEZONE = 'America/Edmonton';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** The bench source: the classic fixture's mapping over the synthetic project. */
const BENCH_SOURCE = {
  name: 'bench',
  type: 'redcap',
  sync_interval: 3600,
  ...redcapSourceFixture('classic', { config: { batch_size: 1000 } }),
};

async function waitForRuns(prisma: PrismaClient, count: number, deadline: number): Promise<SyncRun> {
  for (;;) {
    if (Date.now() > deadline) throw new Error(`run ${count} did not finish in time`);
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
  console.log(
    `records=${records} writer_concurrency=${concurrency} fetcher=${flags.built ? 'built' : 'tsx'}`,
  );
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());

  const scratch = await createScratchDatabase();
  const { databaseUrl } = scratch;
  const prefix = uniqueBenchPrefix();
  let prisma: PrismaClient | undefined;
  let writer: QueueTransport | undefined;
  let fake: FakeRedcap | undefined;
  let child: FetcherProcess | undefined;
  try {
    prisma = createPrismaClient({ databaseUrl, poolSize: concurrency + 3, applicationName: 'mwl-bench' });
    writer = createBullmqTransport({
      redisUrl,
      prefix,
      logger: silent,
      worker: { concurrency: { entries: concurrency } },
    });
    await withTimeout(
      writer.consume(createWriterHandlers({ prisma, cancelPolicy: DEFAULT_CANCEL_POLICY })),
      left(),
      'starting the writer',
    );
    fake = await startFakeRedcap({ fixture: syntheticRedcapProject(records, TIMEZONE), timezone: TIMEZONE });

    child = await startFetcherProcess(
      {
        BENCH_CONFIG: JSON.stringify({ timezone: TIMEZONE, data_sources: [BENCH_SOURCE] }),
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        REDCAP_API_URL: fake.url,
        REDCAP_API_TOKEN: fake.token,
      },
      { built: flags.built ?? false },
    );
    const fetcher = child;
    const ready = await fetcher.next(left(), 'ready');
    console.log(
      `fetcher process ready (rss ${Number(ready.rssMb).toFixed(0)} MB, heap used ` +
        `${String(ready.heapUsedMb)} of ${String(ready.heapTotalMb)} MB)`,
    );

    const sync = async (label: string, nth: number) => {
      const started = performance.now();
      fetcher.send('tick');
      const tick = await fetcher.next(left(), 'tick');
      const run = await waitForRuns(prisma!, nth, deadline);
      const seconds = (performance.now() - started) / 1000;
      const outcome = tick.outcome as {
        outcome: string;
        entries?: number;
        complete?: boolean;
        code?: string;
      };
      console.log(
        `${label}: ${seconds.toFixed(2)} s (fetch + publish ${(Number(tick.ms) / 1000).toFixed(2)} s), ` +
          `${outcome.outcome} entries=${outcome.entries ?? 0}${outcome.code ? ` code=${outcome.code}` : ''}; ` +
          `run ${run.kind} ${run.outcome} inserted=${run.inserted} updated=${run.updated} ` +
          `unchanged=${run.unchanged} rejected=${run.rejected}`,
      );
      check(
        outcome.outcome === 'published' && outcome.complete === true,
        `${label}: a complete snapshot published`,
      );
      check(
        outcome.entries === records,
        `${label}: ${outcome.entries ?? 0} entries published, expected ${records}`,
      );
      check(
        run.kind === 'full' && run.outcome === 'succeeded',
        `${label}: run ${run.kind} ${run.outcome}, expected full succeeded`,
      );
      check(run.rejected === 0, `${label}: ${run.rejected} rejected, expected none`);
      return { seconds, run };
    };

    if (flags['fetch-only']) {
      await fetchOnly(fetcher, left);
      return;
    }

    const full = await sync('full sync', 1);
    check(
      full.run.inserted === records,
      `full sync: ${full.run.inserted} rows inserted, expected ${records}`,
    );
    const before = await tuples(prisma);
    // The next tick is a full snapshot again once a second passed since the first began.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, full.run.startedAt.getTime() + 1_100 - Date.now())),
    );
    const resync = await sync('unchanged re-sync', 2);
    check(
      resync.run.unchanged === records,
      `re-sync: ${resync.run.unchanged} rows unchanged, expected ${records}`,
    );
    check(resync.run.inserted === 0 && resync.run.updated === 0, 're-sync: nothing inserted or updated');
    const after = await tuples(prisma);
    const writes =
      [...after].filter(([id, xmin]) => before.get(id) !== xmin).length +
      (before.size - after.size > 0 ? before.size - after.size : 0);
    check(writes === 0, 're-sync: no row written');
    check(after.size === records, `${records} worklist rows`);

    fetcher.send('exit');
    const memory = await fetcher.next(left(), 'memory report');
    await withTimeout(fetcher.exited, left(), 'the fetcher process ending');
    const peakRssMb = Math.max(Number(memory.peakRssMb), Number(memory.maxRssMb));
    check(Number.isFinite(peakRssMb) && peakRssMb > 0, 'the fetcher reported its memory');
    console.log(
      `fetcher memory: ready ${Number(ready.rssMb).toFixed(0)} MB, sampled peak rss ` +
        `${Number(memory.peakRssMb).toFixed(0)} MB (${JSON.stringify(memory.atPeak)}), ` +
        `maxRSS ${Number(memory.maxRssMb).toFixed(0)} MB; ` +
        `worklist rows ${after.size}`,
    );
    const fetcherKind = flags.built ? 'built' : 'tsx';
    const figure =
      `records=${records} fetcher=${fetcherKind} ` +
      `full_sync_s=${full.seconds.toFixed(2)} peak_rss_mb=${peakRssMb.toFixed(0)} ` +
      `resync_s=${resync.seconds.toFixed(2)} resync_writes=${writes}`;
    recordResult({
      bench: `redcap (${records} records, ${fetcherKind} fetcher)`,
      figure,
      command: `npm run bench:redcap -- ${flags.built ? '--built ' : ''}--records ${records}`,
    });
    console.log(`RESULT ${figure}`);
  } finally {
    child?.kill();
    await child?.cleanup();
    await writer?.close();
    await fake?.close();
    await prisma?.$disconnect();
    await scratch.drop();
    await deleteQueueKeys(prefix);
  }
}

/** Two full fetches of the plugin alone; checks each yielded every record once, in bounded batches. */
async function fetchOnly(fetcher: FetcherProcess, left: () => number): Promise<void> {
  const seconds: number[] = [];
  for (const label of ['first fetch', 'second fetch']) {
    fetcher.send('drain');
    const drained = await fetcher.next(left(), 'drained');
    console.log(
      `${label}: ${(Number(drained.ms) / 1000).toFixed(2)} s, entries=${String(drained.entries)} ` +
        `batches=${String(drained.batches)} largest_batch=${String(drained.largestBatch)} rows=${String(drained.rows)}`,
    );
    check(drained.entries === records && drained.rows === records, `${label}: ${records} rows and entries`);
    check(drained.complete === true && drained.seenKeys === records, `${label}: complete, every key seen`);
    check(Number(drained.largestBatch) <= 1000, `${label}: batches of at most batch_size`);
    seconds.push(Number(drained.ms) / 1000);
  }
  fetcher.send('exit');
  const memory = await fetcher.next(left(), 'memory report');
  await withTimeout(fetcher.exited, left(), 'the fetcher process ending');
  const peakRssMb = Math.max(Number(memory.peakRssMb), Number(memory.maxRssMb));
  check(Number.isFinite(peakRssMb) && peakRssMb > 0, 'the fetcher reported its memory');
  console.log(
    `RESULT records=${records} fetcher=${flags.built ? 'built' : 'tsx'} mode=fetch-only ` +
      `fetch_s=${seconds[0]!.toFixed(2)} refetch_s=${seconds[1]!.toFixed(2)} peak_rss_mb=${peakRssMb.toFixed(0)}`,
  );
}

// The deadline bounds every wait of the run; this ends what is stuck anyway (clean-up included).
armWatchdog(timeoutMs + 60_000, 'bench:redcap');
await main();
