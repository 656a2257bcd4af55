// Where one writer batch spends its time, phase by phase (`tsx bench/writer/writer-phases.ts`):
// the steps an entry batch goes through, each timed alone over the same 1,000-entry batches, in a
// scratch database. A profile aid for bench:writer; prints means per batch.
import { createPrismaClient, findUnchangedKeys, upsertWorklistRows, type PrismaClient } from '@mwl/db';
import { assignIdentifiers, changeHash } from '@mwl/domain';
import { createPayloadCodec, parsePayload, planSnapshot } from '@mwl/queue';
import { randomBytes } from 'node:crypto';
import { syntheticEntries } from './synthetic-entries.ts';
import { createScratchDatabase, describeMachine } from '../support.ts';

const BATCHES = Number(process.env.BENCH_BATCHES || 20);
const SIZE = 1000;

/** Wall time and this process's CPU time of each phase (CPU is what a busy machine distorts less). */
async function time<T>(
  label: string,
  results: Map<string, [number, number][]>,
  work: () => Promise<T> | T,
): Promise<T> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  const list = results.get(label) ?? [];
  list.push([performance.now() - started, (used.user + used.system) / 1000]);
  results.set(label, list);
  return value;
}

async function main(): Promise<void> {
  console.log(describeMachine());
  const scratch = await createScratchDatabase();
  let prisma: PrismaClient | undefined;
  try {
    prisma = createPrismaClient({
      databaseUrl: scratch.databaseUrl,
      poolSize: 2,
      applicationName: 'mwl-bench',
    });
    const plan = planSnapshot(
      {
        source: 'bench',
        snapshotId: 'phases',
        kind: 'targeted',
        window: null,
        complete: false,
        startedAt: new Date().toISOString(),
        entries: syntheticEntries(BATCHES * SIZE),
      },
      SIZE,
    );
    const codec = createPayloadCodec(randomBytes(32));
    const results = new Map<string, [number, number][]>();
    for (const pass of ['insert', 'unchanged']) {
      for (const job of plan.entryBatches) {
        await time(`prefilter findUnchangedKeys (${pass})`, results, () =>
          findUnchangedKeys(
            prisma!,
            'bench',
            job.payload.entries.map((e) => e.sourceKey),
            job.payload.changeHashes!,
          ),
        );
        const json = await time('JSON.stringify (BullMQ add)', results, () => JSON.stringify(job.payload));
        const parsed = await time('JSON.parse (BullMQ fetch)', results, () => JSON.parse(json) as unknown);
        const binding = { queue: 'entries', jobId: job.jobId };
        const sealed = codec.encode(binding, job.payload);
        await time('decrypt AES-GCM + JSON.parse', results, () => codec.decode(binding, sealed));
        const payload = await time('zod validation', results, () => parsePayload('entries', parsed));
        const hashes = await time('change hash', results, () => payload.entries.map((e) => changeHash(e)));
        const ids = await time('identifiers', results, () =>
          payload.entries.map((e) => assignIdentifiers(e)),
        );
        const rows = payload.entries.map((entry, i) => ({
          entry,
          changeHash: hashes[i]!,
          identifiers: ids[i]!,
        }));
        const text = JSON.stringify(rows);
        await time(
          'prisma round trip of the same bytes (SELECT length($1))',
          results,
          () => prisma!.$queryRaw`SELECT length(${text}::text)`,
        );
        await time(`upsert statement (${pass}: pg pool + postgres)`, results, () =>
          upsertWorklistRows(prisma!, 'bench', rows),
        );
      }
    }
    console.log('per 1000-entry batch: mean wall ms, mean client CPU ms');
    for (const [label, values] of results) {
      const mean = (k: 0 | 1) =>
        (values.reduce((a, v) => a + v[k], 0) / values.length).toFixed(2).padStart(8);
      console.log(`${mean(0)} ${mean(1)}  ${label}`);
    }
  } finally {
    await prisma?.$disconnect();
    await scratch.drop();
  }
}

await main();
