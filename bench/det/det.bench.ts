// REDCap Data Entry Trigger latency: a record saved in a fake REDCap fires its trigger to the api,
// which asks the fetcher for a targeted fetch of that record; the writer stores it and the
// gateway answers it. Measured: save → the record's Patient ID returned by dcmtk's findscu, with
// the periodic sync every 10 minutes (it cannot help: the bench checks no other sync ran). Not a
// test: run with `npm run bench:det`. It creates a scratch database and drops it at the end.
//
// Env: DATABASE_URL (server; default postgresql://postgres@127.0.0.1:5432/postgres),
// BENCH_EDITS (default 40), BENCH_LOG_LEVEL=info.
import { findscu } from '@mwl/dimse/testing';
import { DET_SOURCE, startDetStack } from '@mwl/api/testing';
import { createScratchDatabase, describeMachine, recordResult } from '../support.ts';

const edits = Number(process.env.BENCH_EDITS || 40);
const POLL_MS = 20;
const GIVE_UP_MS = 30_000;

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function main(): Promise<void> {
  console.log(describeMachine());
  const database = await createScratchDatabase();
  const logLevel = process.env.BENCH_LOG_LEVEL === 'info' ? 'info' : 'silent';
  const stack = await startDetStack({
    databaseUrl: database.databaseUrl,
    syncIntervalSeconds: 600,
    logLevel,
  });
  try {
    const deadline = Date.now() + 60_000;
    while ((await stack.prisma.syncRun.count({ where: { source: DET_SOURCE, outcome: 'succeeded' } })) < 1) {
      if (Date.now() > deadline) throw new Error('the first periodic sync did not finish');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const peer = stack.gateway.peer('BENCH');
    const seen = async (patientId: string) =>
      (await findscu(peer, { keys: [`PatientID=${patientId}`, 'PatientName='] })).responses.some(
        (r) => r['PatientID'] === patientId,
      );

    const latencies: number[] = [];
    for (let i = 0; i < edits; i += 1) {
      const record = String(9000 + i);
      const patientId = `REG-${record}`;
      if (await seen(patientId)) throw new Error(`${patientId} is on the worklist before its edit`);
      const started = performance.now();
      stack.fake.upsertRecord(record, [
        {
          last_name: 'Bench',
          first_name: `Edit${i}`,
          scan_date: '2026-03-20',
          scan_time: '08:00',
          scanner: '1',
        },
      ]);
      while (!(await seen(patientId))) {
        if (performance.now() - started > GIVE_UP_MS) throw new Error(`${patientId} never reached findscu`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      latencies.push(performance.now() - started);
    }

    // What was measured: every edit seen, each through its trigger and a targeted run, no other sync.
    const triggers = await stack.fake.dataEntryTriggers();
    const failedTriggers = triggers.filter((t) => t.status !== 200).length;
    const runs = await stack.prisma.syncRun.groupBy({
      by: ['kind'],
      where: { source: DET_SOURCE },
      _count: true,
    });
    const count = (kind: string) => runs.find((r) => r.kind === kind)?._count ?? 0;
    if (latencies.length !== edits) throw new Error(`measured ${latencies.length} of ${edits} edits`);
    if (triggers.length !== edits || failedTriggers > 0) {
      throw new Error(`${triggers.length} triggers for ${edits} edits, ${failedTriggers} failed`);
    }
    if (count('full') + count('incremental') !== 1) throw new Error('a periodic sync ran during the bench');
    if (count('targeted') !== edits) throw new Error(`${count('targeted')} targeted runs for ${edits} edits`);

    const sorted = [...latencies].sort((a, b) => a - b);
    const fmt = (n: number) => n.toFixed(0);
    console.log(
      `edits=${edits} triggers=${triggers.length} targeted_runs=${count('targeted')} periodic_runs=1 ` +
        `min_ms=${fmt(sorted[0] ?? 0)} max_ms=${fmt(sorted.at(-1) ?? 0)} (findscu polled every ${POLL_MS} ms)`,
    );
    const figure = `det_p50_ms=${fmt(percentile(sorted, 50))} det_p95_ms=${fmt(percentile(sorted, 95))} edits=${edits}`;
    recordResult({ bench: 'det (REDCap edit → findscu)', figure, command: 'npm run bench:det' });
    console.log(`RESULT ${figure}`);
  } finally {
    await stack.close();
    await database.drop();
  }
}

await main();
