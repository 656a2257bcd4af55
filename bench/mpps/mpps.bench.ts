// MPPS benchmark (`npm run bench:mpps`): 100,000 scheduled worklist items in a scratch database,
// the gateway in `BENCH_GATEWAY_PROCESSES` processes (default: one per core, as `gateway.processes`
// defaults) on a free port, and MPPS clients in separate load processes (load-child.ts, raw PDUs),
// each sending N-CREATE then N-SET COMPLETED for its own scheduled step on one association, as a
// modality does, with 1 and 16 concurrent clients. Every
// answer must be Success and every step must end COMPLETED, linked, or the bench fails. Ends with
// one RESULT line.
//
// Env: DATABASE_URL, BENCH_SECONDS (per level, default 10), BENCH_GATEWAY_PROCESSES,
// BENCH_LOAD_PROCESSES (default 2), BENCH_PROFILE_DIR (CPU profiles of the gateway and load processes).
import { fileURLToPath } from 'node:url';
import { createPrismaClient, type PrismaClient } from '@mwl/db';
import type { ScuPeer } from '@mwl/dimse';
import { defaultGatewayProcesses } from '@mwl/gateway';
import { BENCH_CALLED_AE, startBenchGatewayCluster } from '../gateway/bench-gateway.ts';
import { runLoadProcess } from '../gateway/load-process.ts';
import { cpuDelta, cpuShares, createGatewayCpuMeter, type GatewayCpuSample } from '../gateway/gateway-cpu.ts';
import { check, createScratchDatabase, describeMachine, recordResult } from '../support.ts';
import { STATIONS, type MppsLoadReport, type MppsLoadRequest } from './load-child.ts';

const ROWS = 100_000;
const DATE = '20260310';
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const GATEWAY_PROCESSES = Number(process.env.BENCH_GATEWAY_PROCESSES || defaultGatewayProcesses());
const LOAD_PROCESSES = Number(process.env.BENCH_LOAD_PROCESSES || 2);
/** Items one load process may use in one level (far more than it can report in its seconds). */
const ITEMS_PER_PROCESS = 12_000;

/** Set-based fixture: item n on station MR_(n % 20), all on DATE, every one SCHEDULED. */
async function insertItems(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(
    `INSERT INTO worklist_item (source, source_key, change_hash, patient_name, patient_id, accession_number,
       study_instance_uid, requested_procedure_id, sps_id, modality, scheduled_station_ae_title,
       sps_start_date, sps_start_time, sps_start_at, timezone, updated_at)
     SELECT 'bench', 'k' || n, md5(n::text), 'PATIENT^NUMBER' || n, 'PID' || n, 'ACC' || n,
       '2.25.' || (10000000 + n), 'RP' || n, 'SPS' || n, 'MR', 'MR_' || (n % ${STATIONS}),
       '${DATE}', to_char(make_time(7 + n % 12, n % 60, 0), 'HH24MISS'),
       '2026-03-10T07:00:00Z'::timestamptz + make_interval(secs => n % 43200), 'UTC', now()
     FROM generate_series(1, $1::int) AS n`,
    ROWS,
  );
  await prisma.$executeRawUnsafe('ANALYZE worklist_item');
}

interface LevelResult {
  pairs: number;
  perSecond: number;
  /** CPU ms per pair: gateway processes, their Postgres backends, the load processes. */
  cpu: { gateway: number; postgres: number; load: number };
  /** How the gateway's CPU was split between its processes, percent. */
  gatewayShares: number[];
}

interface Bench {
  peer: ScuPeer;
  meter: () => Promise<GatewayCpuSample>;
  run: string;
  /** The next unused item number. */
  next: number;
}

/** `clients` MPPS clients spread over load processes, each process on its own range of items. */
async function load(bench: Bench, clients: number, durationMs: number): Promise<LevelResult> {
  const children = Math.max(1, Math.min(LOAD_PROCESSES, clients));
  check(bench.next + children * ITEMS_PER_PROCESS <= ROWS + 1, 'not enough scheduled items left');
  const childPath = fileURLToPath(new URL('./load-child.ts', import.meta.url));
  const cpuBefore = await bench.meter();
  const reports = await Promise.all(
    Array.from({ length: children }, async (_, c) => {
      const from = bench.next + c * ITEMS_PER_PROCESS;
      const request: MppsLoadRequest = {
        peer: bench.peer,
        clients: Math.floor(clients / children) + (c < clients % children ? 1 : 0),
        durationMs,
        from,
        to: from + ITEMS_PER_PROCESS - 1,
        run: bench.run,
      };
      return runLoadProcess<typeof request, MppsLoadReport>(childPath, request, durationMs + 60_000);
    }),
  );
  const cpuAfter = await bench.meter();
  bench.next += children * ITEMS_PER_PROCESS;
  const pairs = reports.reduce((sum, r) => sum + r.pairs, 0);
  const outcomes: Record<string, number> = {};
  for (const r of reports) {
    for (const [k, v] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
  }
  const label = `${clients} clients`;
  check(pairs > 0, `${label}: no pair completed (${JSON.stringify(outcomes)})`);
  check(
    Object.keys(outcomes).length === 1 && outcomes['0x0000'] === pairs * 2,
    `${label}: expected ${pairs * 2} Success answers, got ${JSON.stringify(outcomes)}`,
  );
  const perPair = (ms: number) => ms / pairs;
  return {
    pairs,
    perSecond: pairs / Math.max(...reports.map((r) => r.seconds)),
    cpu: {
      gateway: perPair(cpuDelta(cpuBefore.gateway, cpuAfter.gateway)),
      postgres: perPair(cpuDelta(cpuBefore.postgres, cpuAfter.postgres)),
      load: perPair(reports.reduce((sum, r) => sum + r.cpuMs, 0)),
    },
    gatewayShares: cpuShares(cpuBefore.gateway, cpuAfter.gateway),
  };
}

const describeLevel = (label: string, r: LevelResult) =>
  `${label}: ${r.pairs} N-CREATE + N-SET pairs, ${r.perSecond.toFixed(1)} pairs/s; CPU per pair: ` +
  `gateway ${r.cpu.gateway.toFixed(2)} ms, postgres ${r.cpu.postgres.toFixed(2)} ms, ` +
  `load generator ${r.cpu.load.toFixed(2)} ms; gateway processes' shares ` +
  `${r.gatewayShares.map((share) => share.toFixed(0)).join('/')} %`;

async function main(): Promise<void> {
  console.log(describeMachine());
  console.log(`gateway processes=${GATEWAY_PROCESSES} load processes=${LOAD_PROCESSES}`);
  const scratch = await createScratchDatabase();
  const prisma = createPrismaClient({
    databaseUrl: scratch.databaseUrl,
    poolSize: 2,
    applicationName: 'mwl-bench',
  });
  let cluster: Awaited<ReturnType<typeof startBenchGatewayCluster>>['cluster'] | undefined;
  try {
    const started = performance.now();
    await insertItems(prisma);
    console.log(`inserted ${ROWS} scheduled items in ${(performance.now() - started).toFixed(0)} ms`);
    const running = await startBenchGatewayCluster(scratch.databaseUrl, GATEWAY_PROCESSES);
    cluster = running.cluster;
    const bench: Bench = {
      peer: {
        host: running.host,
        port: running.port,
        calledAeTitle: BENCH_CALLED_AE,
        callingAeTitle: 'MR_0',
      },
      meter: createGatewayCpuMeter(prisma, cluster),
      run: String(Date.now() % 1_000_000),
      next: 1,
    };
    const warm = await load(bench, 4, 2_000); // JIT, pools, plan cache
    const one = await load(bench, 1, DURATION_MS);
    console.log(describeLevel('1 association at a time', one));
    const sixteen = await load(bench, 16, DURATION_MS);
    console.log(describeLevel('16 associations', sixteen));

    const done = warm.pairs + one.pairs + sixteen.pairs;
    const [counts] = await prisma.$queryRawUnsafe<{ completed: number; instances: number; links: number }[]>(
      `SELECT (SELECT count(*) FROM worklist_item WHERE status = 'COMPLETED')::int AS completed,
              (SELECT count(*) FROM mpps_instance WHERE status = 'COMPLETED')::int AS instances,
              (SELECT count(*) FROM mpps_worklist_link WHERE linked_by = 'study-sps')::int AS links`,
    );
    check(
      counts?.completed === done && counts.instances === done && counts.links === done,
      `expected ${done} completed items, instances and links, got ${JSON.stringify(counts)}`,
    );
    console.log(
      `verified: ${done} items COMPLETED, ${done} MPPS instances COMPLETED, each linked by study-sps`,
    );
    const figure = `mpps_per_s_1=${one.perSecond.toFixed(1)} mpps_per_s_16=${sixteen.perSecond.toFixed(1)}`;
    recordResult({
      bench: `mpps (100k items, N-CREATE + N-SET pairs, ${GATEWAY_PROCESSES} gateway processes)`,
      figure,
      command: 'npm run bench:mpps',
    });
    console.log(`RESULT ${figure}`);
  } finally {
    await cluster?.close({ deadlineMs: 2_000 });
    await prisma.$disconnect();
    await scratch.drop();
  }
}

await main();
