// The fetcher side of the REDCap bench, in a process of its own so its memory is measured alone.
// Reads commands from stdin (`tick`: one fetcher tick, fetch and publish; `drain`: the plugin's full
// fetch alone, its batches counted and dropped; `exit`), answers JSON lines on stdout. Started by
// redcap.bench.ts; not meant to be run by hand.
import { createInterface } from 'node:readline';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { parseConfig } from '@mwl/config';
import { createPrismaClient } from '@mwl/db';
import { buildSources, createSourceProgressReader, processSourceTick } from '@mwl/fetcher';
import { createLogger } from '@mwl/observability';
import { createBullmqTransport } from '@mwl/queue/bullmq';
import {
  createSourceRegistry,
  createUndiciHttpClient,
  redcapPlugin,
  type FetchEnd,
  type SourceInstance,
} from '@mwl/sources';

// As deployed: a fetcher runs through `mwl-bridge` (services/cli/bin/mwl-bridge.js), which sets
// this before any WebAssembly is compiled (Prisma's query compiler, undici's HTTP parser, both loaded
// on first use, after this line). Without it this process was not the deployed fetcher: V8 tiered
// undici's parser up with TurboFan during the first large export, ~30 MB of compiler memory at once
// (heaptrack: register allocation zones of Wasm functions), part of it then kept by malloc.
setFlagsFromString('--liftoff-only');

const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function main(): Promise<void> {
  const env = process.env;
  const parsed = parseConfig(JSON.parse(env.BENCH_CONFIG ?? '{}'), { defaults: { timezone: 'UTC' } });
  if (!parsed.ok) throw new Error(`bench config: ${JSON.stringify(parsed.problems)}`);
  const config = parsed.config;
  // Every tick a full snapshot (the fetch settings are keys the config schema does not know yet).
  for (const source of config.data_sources) Object.assign(source, { full_snapshot_interval: 1 });

  // The breakdown at the sampled peak: V8 heap (total and used), memory outside it (Buffers).
  let peak = process.memoryUsage();
  let peakSpaces: Record<string, number> = {};
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss <= peak.rss) return;
    peak = now;
    peakSpaces = Object.fromEntries(
      getHeapSpaceStatistics().map((space) => [
        space.space_name,
        Math.round(space.space_used_size / 2 ** 20),
      ]),
    );
  }, 10);

  const logger = createLogger({
    service: 'bench-fetcher',
    level: env.BENCH_LOG_LEVEL === 'info' ? 'info' : 'warn',
  });
  const prisma = createPrismaClient({ databaseUrl: env.DATABASE_URL!, poolSize: 2 });
  const transport = createBullmqTransport({ redisUrl: env.REDIS_URL!, prefix: env.QUEUE_PREFIX!, logger });
  const http = createUndiciHttpClient();
  const { sources } = await buildSources({
    config,
    registry: createSourceRegistry({ plugins: [redcapPlugin] }),
    http,
    env,
    clock: () => new Date(),
    logger,
  });
  const source = sources[0]!;
  await source.instance.checkStartup?.();
  const readProgress = createSourceProgressReader(prisma);
  const idle = process.memoryUsage();
  say({
    event: 'ready',
    rssMb: idle.rss / 2 ** 20,
    heapUsedMb: Math.round(idle.heapUsed / 2 ** 20),
    heapTotalMb: Math.round(idle.heapTotal / 2 ** 20),
  });

  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'exit') break;
    if (line === 'drain') {
      say({ event: 'drained', ...(await drain(source.instance)) });
      continue;
    }
    if (line !== 'tick') continue;
    const started = performance.now();
    const outcome = await processSourceTick(source, {
      transport,
      readProgress,
      clock: () => new Date(),
      logger,
    });
    say({ event: 'tick', outcome, ms: performance.now() - started });
  }

  clearInterval(sampler);
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  say({
    event: 'memory',
    peakRssMb: peak.rss / 2 ** 20,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    atPeak: {
      heapTotalMb: mb(peak.heapTotal),
      heapUsedMb: mb(peak.heapUsed),
      externalMb: mb(peak.external),
      arrayBuffersMb: mb(peak.arrayBuffers),
      spacesMb: peakSpaces,
    },
  });
  await transport.close();
  await http.close();
  await prisma.$disconnect();
  // stdin (a pipe from the bench) would keep the process alive.
  process.stdin.destroy();
}

/** A full fetch of the plugin alone (no queue, no database): what it yields, counted. */
async function drain(instance: SourceInstance): Promise<Record<string, unknown>> {
  const started = performance.now();
  const now = Date.now();
  const day = 86_400_000;
  let entries = 0;
  let batches = 0;
  let largestBatch = 0;
  let end: FetchEnd | undefined;
  const window = { kind: 'full' as const, from: new Date(now - 2 * day), to: new Date(now + 16 * day) };
  for await (const event of instance.fetchWindow(window)) {
    if (event.type === 'end') end = event;
    else {
      batches++;
      entries += event.entries.length;
      largestBatch = Math.max(largestBatch, event.entries.length + event.rejections.length);
    }
  }
  return {
    entries,
    batches,
    largestBatch,
    complete: end?.complete,
    rows: end?.stats.rows,
    seenKeys: end?.seenKeys?.length,
    ms: performance.now() - started,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench fetcher failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
