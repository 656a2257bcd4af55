// C-FIND benchmark (`npm run bench:cfind`): 100,000 worklist rows in a scratch database, the gateway
// on a free port in `BENCH_GATEWAY_PROCESSES` processes (default: one per core, through
// createGatewayCluster as the service runs it), "today's MR worklist for station MR_0" (20 matches)
// asked by raw SCUs in separate load processes (one association per query, as modalities do) at
// 1, 16, 64 and 128 concurrent associations; then the time to the first Pending of a 500-match
// list. Every query must end in Success with the expected match count, or the bench fails.
//
// Env: DATABASE_URL, BENCH_SECONDS (per level, default 10), BENCH_GATEWAY_PROCESSES,
// BENCH_LOAD_PROCESSES (default 1), BENCH_LEVELS (default 1,16,64,128), BENCH_KEEP_DB=1,
// BENCH_PROFILE_DIR (CPU profiles of the gateway and load processes), BENCH_GATEWAY_FLAGS (more Node
// flags for the gateway processes, e.g. --trace-gc-nvp).
import { fileURLToPath } from 'node:url';
import { buildCountSql, buildFindSql, createPrismaClient, type PrismaClient } from '@mwl/db';
import { runTool } from '@mwl/dimse/testing';
import { planQuery } from '@mwl/domain';
import { defaultGatewayProcesses, type GatewayCluster } from '@mwl/gateway';
import { BENCH_CALLED_AE, startBenchGatewayCluster } from '../gateway/bench-gateway.ts';
import { runLoadProcess } from '../gateway/load-process.ts';
import { cpuDelta, cpuShares, createGatewayCpuMeter, type GatewayCpuSample } from '../gateway/gateway-cpu.ts';
import type { LoadReport, LoadRequest } from './load-child.ts';
import { sequence, text, type ScuPeer } from './raw-find-scu.ts';
import {
  armWatchdog,
  check,
  createScratchDatabase,
  describeMachine,
  recordResult,
  withTimeout,
} from '../support.ts';

const ROWS = 100_000;
const DAYS = 200;
const STATION = 'MR_0';
const STATION_MATCHES = 20;
const TODAY_MATCHES = 500;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const GATEWAY_PROCESSES = Number(process.env.BENCH_GATEWAY_PROCESSES || defaultGatewayProcesses());
/**
 * The SCUs share the gateway's cores, so their CPU is taken from it. In one process they cost
 * ~0.22 ms of CPU per query, in two ~0.33 ms (each process wakes for its own share of the sockets),
 * and one process stays under a third of a core at 128 associations.
 */
const LOAD_PROCESSES = Number(process.env.BENCH_LOAD_PROCESSES || 1);
const LEVELS = (process.env.BENCH_LEVELS || '1,16,64,128').split(',').map(Number);

function today(): string {
  return new Date().toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Set-based fixture: row n is on day (n % 200) - 100 from today, modality (n / 200) % 5, station
 * `<modality>_<(n / 1000) % 5>`, between 07:00 and 19:00. Past items are COMPLETED; 1% of future
 * ones cancelled. Today: 500 items, 20 of them MR on MR_0.
 */
async function insertRows(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(
    `INSERT INTO worklist_item (source, source_key, change_hash, patient_name, patient_id, patient_birth_date,
       patient_sex, accession_number, study_instance_uid, requested_procedure_id, requested_procedure_description,
       sps_id, sps_description, modality, scheduled_station_ae_title, sps_start_date, sps_start_time, sps_start_at,
       timezone, status, cancelled_at, updated_at)
     SELECT 'bench', 'k' || n, md5(n::text), 'PATIENT^NUMBER' || n, 'PID' || n, '19800101',
       CASE WHEN n % 2 = 0 THEN 'F' ELSE 'M' END, 'ACC' || n, '2.25.' || (10000000 + n), 'RP' || n, 'Research scan',
       'SPS' || n, 'Protocol ' || (n % 7), m.modality, m.modality || '_' || ((n / 1000) % 5),
       to_char(d.day, 'YYYYMMDD'), to_char(d.at, 'HH24MISS'), d.at, 'UTC',
       CASE WHEN d.day < $1::date THEN 'COMPLETED' ELSE 'SCHEDULED' END,
       CASE WHEN d.day > $1::date AND n % 100 = 0 THEN now() END, now()
     FROM generate_series(1, $2::int) AS n
     CROSS JOIN LATERAL (SELECT (ARRAY['MR','CT','US','CR','NM'])[(n / ${DAYS}) % 5 + 1] AS modality) AS m
     CROSS JOIN LATERAL (
       SELECT $1::date + (n % ${DAYS} - ${DAYS / 2}) AS day,
              ($1::date + (n % ${DAYS} - ${DAYS / 2}))::timestamp AT TIME ZONE 'UTC'
                + make_interval(mins => 420 + (n * 7) % 720) AS at
     ) AS d`,
    `${today().slice(0, 4)}-${today().slice(4, 6)}-${today().slice(6, 8)}`,
    ROWS,
  );
  await prisma.$executeRawUnsafe('ANALYZE worklist_item');
}

/** Today's MR worklist for one station, asking for what a scanner's worklist screen shows. */
function worklistQuery(station: string, modality = 'MR'): Buffer {
  return Buffer.concat([
    text(0x00080050, ''),
    text(0x00100010, ''),
    text(0x00100020, ''),
    text(0x00100030, ''),
    text(0x00100040, ''),
    text(0x0020000d, '', true),
    text(0x00321060, ''),
    sequence(0x00400100, [
      text(0x00080060, modality),
      text(0x00400001, station),
      text(0x00400002, today()),
      text(0x00400003, ''),
      text(0x00400007, ''),
      text(0x00400009, ''),
    ]),
    text(0x00401001, ''),
  ]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

type CpuMeter = () => Promise<GatewayCpuSample>;

interface LoadResult {
  clients: number;
  /** CPU ms per query: gateway processes, their Postgres backends, the load generators. */
  cpu: { gateway: number; postgres: number; load: number };
  /** How the gateway's CPU was split between its processes, percent. */
  gatewayShares: number[];
  queries: number;
  qps: number;
  p50: number;
  p99: number;
  firstPendingP50: number;
  /** Connect to A-ASSOCIATE-AC: how long a new association waited for a gateway process. */
  associatedP50: number;
  associatedP99: number;
}

/** `clients` SCUs spread over load processes; fails unless every query answered `expectMatches`. */
async function load(
  peer: ScuPeer,
  identifier: Buffer,
  clients: number,
  durationMs: number,
  expectMatches: number,
  meter: CpuMeter,
  maxQueriesPerClient?: number,
): Promise<LoadResult> {
  const cpuBefore = await meter();
  const children = Math.max(1, Math.min(LOAD_PROCESSES, clients));
  const childPath = fileURLToPath(new URL('./load-child.ts', import.meta.url));
  const reports = await Promise.all(
    Array.from({ length: children }, async (_, c) => {
      const share = Math.floor(clients / children) + (c < clients % children ? 1 : 0);
      const request: LoadRequest = {
        peer,
        identifierHex: identifier.toString('hex'),
        clients: share,
        durationMs,
        clientOffset: c * 1000,
        ...(maxQueriesPerClient !== undefined && { maxQueriesPerClient }),
      };
      return runLoadProcess<typeof request, LoadReport>(childPath, request, durationMs + 60_000);
    }),
  );
  const cpuAfter = await meter();
  const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const firstPending = reports.flatMap((r) => r.firstPending).sort((a, b) => a - b);
  const outcomes: Record<string, number> = {};
  const matchCounts: Record<string, number> = {};
  for (const r of reports) {
    for (const [k, v] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.matchCounts)) matchCounts[k] = (matchCounts[k] ?? 0) + v;
  }
  const label = `${clients} clients`;
  check(latencies.length > 0, `${label}: no query completed (${JSON.stringify(outcomes)})`);
  check(
    Object.keys(outcomes).length === 1 && outcomes['0x0000'] === latencies.length,
    `${label}: not every query ended in Success: ${JSON.stringify(outcomes)}`,
  );
  check(
    Object.keys(matchCounts).length === 1 && matchCounts[String(expectMatches)] === latencies.length,
    `${label}: expected ${expectMatches} matches per query, got ${JSON.stringify(matchCounts)}`,
  );
  const associated = reports.flatMap((r) => r.associated).sort((a, b) => a - b);
  const seconds = Math.max(...reports.map((r) => r.seconds));
  const perQuery = (ms: number) => ms / latencies.length;
  return {
    clients,
    cpu: {
      gateway: perQuery(cpuDelta(cpuBefore.gateway, cpuAfter.gateway)),
      postgres: perQuery(cpuDelta(cpuBefore.postgres, cpuAfter.postgres)),
      load: perQuery(reports.reduce((sum, r) => sum + r.cpuMs, 0)),
    },
    gatewayShares: cpuShares(cpuBefore.gateway, cpuAfter.gateway),
    queries: latencies.length,
    qps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    firstPendingP50: percentile(firstPending, 50),
    associatedP50: percentile(associated, 50),
    associatedP99: percentile(associated, 99),
  };
}

async function timeSql(prisma: PrismaClient, runs: number): Promise<{ countMs: number; pageMs: number }> {
  const planned = planQuery({
    ScheduledProcedureStepSequence: [
      { Modality: 'MR', ScheduledStationAETitle: STATION, ScheduledProcedureStepStartDate: today() },
    ],
  });
  if (!planned.ok) throw new Error(planned.reason);
  const count = buildCountSql(planned.plan, { upTo: 1001 });
  const page = buildFindSql(planned.plan, { limit: 200 });
  const time = async (statement: { text: string; values: unknown[] }) => {
    const started = performance.now();
    for (let i = 0; i < runs; i++) await prisma.$queryRawUnsafe(statement.text, ...statement.values);
    return (performance.now() - started) / runs;
  };
  return { countMs: await time(count), pageMs: await time(page) };
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

async function startGateway(databaseUrl: string): Promise<{ cluster: GatewayCluster; peer: ScuPeer }> {
  const { cluster, host, port } = await startBenchGatewayCluster(databaseUrl, GATEWAY_PROCESSES);
  return { cluster, peer: { host, port, calledAeTitle: BENCH_CALLED_AE, callingAeTitle: 'BENCH' } };
}

async function findscuMedian(peer: ScuPeer): Promise<{ medianMs: number; matches: number }> {
  const args = [
    '-W',
    '-aet',
    'BENCH',
    '-aec',
    peer.calledAeTitle,
    '-k',
    'PatientName=',
    '-k',
    'PatientID=',
    '-k',
    `ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=${today()}`,
    '-k',
    'ScheduledProcedureStepSequence[0].Modality=',
    peer.host,
    String(peer.port),
  ];
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const run = await withTimeout(runTool('findscu', args), 30_000, 'findscu');
    check(run.exitCode === 0, 'findscu failed');
    times.push(performance.now() - started);
  }
  const verbose = await withTimeout(runTool('findscu', ['-v', ...args]), 30_000, 'findscu');
  const matches = (verbose.stdout + verbose.stderr).match(/Find Response:? \d+ \(Pending\)/g)?.length ?? 0;
  return {
    medianMs: percentile(
      [...times].sort((a, b) => a - b),
      50,
    ),
    matches,
  };
}

async function main(): Promise<void> {
  console.log(describeMachine());
  console.log(
    `gateway processes=${GATEWAY_PROCESSES} load processes=${LOAD_PROCESSES} levels=${LEVELS.join(',')} ` +
      `seconds per level=${DURATION_MS / 1000}`,
  );
  const scratch = await createScratchDatabase();
  const prisma = createPrismaClient({
    databaseUrl: scratch.databaseUrl,
    poolSize: 2,
    applicationName: 'mwl-bench',
  });
  let gateway: GatewayCluster | undefined;
  try {
    let started = performance.now();
    await insertRows(prisma);
    const [version] = await prisma.$queryRawUnsafe<{ v: string }[]>(
      "SELECT current_setting('server_version') AS v",
    );
    console.log(
      `postgres ${version?.v}: inserted ${ROWS} rows in ${fixed(performance.now() - started, 0)} ms`,
    );
    const sql = await timeSql(prisma, 200);
    console.log(
      `sql: cap pre-check (count up to 1001) ${fixed(sql.countMs, 2)} ms, first page ${fixed(sql.pageMs, 2)} ms (means of 200)`,
    );

    started = performance.now();
    const running = await startGateway(scratch.databaseUrl);
    gateway = running.cluster;
    const { peer } = running;
    console.log(
      `gateway: ${gateway.processCount()} process(es) listening in ${fixed(performance.now() - started, 0)} ms`,
    );
    const identifier = worklistQuery(STATION);
    const meter: CpuMeter = createGatewayCpuMeter(prisma, gateway);
    // Warm-up (JIT, pools, plan cache): a cold first query may time out; it is not measured.
    await load(peer, identifier, 4, 3_000, STATION_MATCHES, meter).catch((error: unknown) =>
      console.log(`warm-up: ${(error as Error).message}`),
    );

    const results: LoadResult[] = [];
    for (const clients of LEVELS) {
      const result = await load(peer, identifier, clients, DURATION_MS, STATION_MATCHES, meter);
      results.push(result);
      console.log(
        `${clients} clients: ${result.queries} queries of ${STATION_MATCHES} matches, ${fixed(result.qps)} q/s, ` +
          `p50 ${fixed(result.p50, 2)} ms, p99 ${fixed(result.p99, 2)} ms (associated after ` +
          `p50 ${fixed(result.associatedP50, 2)} ms, p99 ${fixed(result.associatedP99, 2)} ms); CPU per query: gateway ` +
          `${fixed(result.cpu.gateway, 2)} ms, postgres ${fixed(result.cpu.postgres, 2)} ms, ` +
          `load generator ${fixed(result.cpu.load, 2)} ms; gateway processes' shares ` +
          `${result.gatewayShares.map((share) => fixed(share, 0)).join('/')} %`,
      );
    }

    // All of today (500 matches): the first Pending must leave long before the last row is read.
    const allToday = await load(peer, worklistQuery('', ''), 1, 60_000, TODAY_MATCHES, meter, 20);
    console.log(
      `all of today (${TODAY_MATCHES} matches, 1 client, ${allToday.queries} queries): ` +
        `first Pending after ${fixed(allToday.firstPendingP50, 2)} ms, last response after ${fixed(allToday.p50, 2)} ms (medians)`,
    );
    const findscu = await findscuMedian(peer);
    check(
      findscu.matches === TODAY_MATCHES,
      `findscu saw ${findscu.matches} matches, expected ${TODAY_MATCHES}`,
    );
    console.log(`findscu (dcmtk), all of today: median ${fixed(findscu.medianMs)} ms incl. process start-up`);

    const figure = [
      ...results.map(
        (r) =>
          `qps_${r.clients}=${fixed(r.qps)} p50_ms_${r.clients}=${fixed(r.p50, 2)} p99_ms_${r.clients}=${fixed(r.p99, 2)}`,
      ),
      `first_pending_ms_500=${fixed(allToday.firstPendingP50, 2)} last_response_ms_500=${fixed(allToday.p50, 2)}`,
    ].join(' ');
    recordResult({
      bench: `cfind (100k rows, 20 matches, ${GATEWAY_PROCESSES} gateway processes)`,
      figure,
      command: 'npm run bench:cfind',
    });
    console.log(`RESULT ${figure}`);
  } finally {
    await gateway?.close({ deadlineMs: 1_000 });
    await prisma.$disconnect();
    if (process.env.BENCH_KEEP_DB) console.log(`kept ${scratch.databaseUrl}`);
    else await scratch.drop();
  }
}

armWatchdog(LEVELS.length * DURATION_MS + 10 * 60_000, 'bench:cfind');
await main();
