// C-FIND benchmark (`npm run bench:cfind`): 100,000 worklist rows in a scratch database, the gateway
// in-process on a free port, "today's MR worklist for station MR_0" asked by in-process SCUs (one
// association per query, as modalities do) with 1 and 16 concurrent clients. Ends with one RESULT line.
import { randomBytes } from 'node:crypto';
import {
  applyMigrations,
  buildCountSql,
  buildFindSql,
  createDatabase,
  createPrismaClient,
  createWorklistFindRepository,
  databaseUrlFor,
  defaultMigrationsDir,
  dropDatabase,
  type PrismaClient,
} from '@mwl/db';
import { runTool } from '@mwl/dimse/testing';
import { planQuery } from '@mwl/domain';
import { createGateway, type GatewayOptions } from '@mwl/gateway';
import { createLogger } from '@mwl/observability';
import { findOnce, sequence, text, type ScuPeer } from './raw-find-scu.ts';
import { describeMachine } from '../support.ts';

const ROWS = 100_000;
const DAYS = 200;
const STATION = 'MR_0';
const SERVER_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;

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

async function load(peer: ScuPeer, identifier: Buffer, clients: number, durationMs: number) {
  const latencies: number[] = [];
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  let matches = -1;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      while (performance.now() < deadline) {
        const outcome = await findOnce({ ...peer, callingAeTitle: `BENCH${i}` }, identifier);
        if (outcome.status !== 0) throw new Error(`C-FIND ended with 0x${outcome.status.toString(16)}`);
        matches = outcome.matches;
        latencies.push(outcome.ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    qps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    queries: latencies.length,
    matches,
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

async function main(): Promise<void> {
  console.log(describeMachine());
  const name = `mwl_bench_${randomBytes(4).toString('hex')}`;
  await createDatabase(SERVER_URL, name);
  const databaseUrl = databaseUrlFor(SERVER_URL, name);
  const prisma = createPrismaClient({ databaseUrl, poolSize: 10, applicationName: 'mwl-bench' });
  let gateway: ReturnType<typeof createGateway> | undefined;
  try {
    await applyMigrations({ databaseUrl, migrationsDir: defaultMigrationsDir() });
    let started = performance.now();
    await insertRows(prisma);
    const [version] = await prisma.$queryRawUnsafe<{ v: string }[]>(
      "SELECT current_setting('server_version') AS v",
    );
    console.log(
      `postgres ${version?.v}: inserted ${ROWS} rows in ${fixed(performance.now() - started, 0)} ms`,
    );

    const options: GatewayOptions = {
      host: '127.0.0.1',
      port: 0,
      aeTitles: ['MWL_BENCH'],
      callingAeAllowList: null,
      callingAeAddressBinding: {},
      maxAssociations: 32,
      maxPduLength: 65_536,
      idleTimeoutMs: 30_000,
      maxResults: 1_000,
      pageSize: 200,
      queryTimeoutMs: 3_000,
      pnCaseInsensitive: true,
      charsetPerAe: {},
    };
    const logger = createLogger({ service: 'bench', level: 'warn' });
    gateway = createGateway({ logger, repository: createWorklistFindRepository(prisma), options });
    const { host, port } = await gateway.listen();
    const peer: ScuPeer = { host, port, calledAeTitle: 'MWL_BENCH', callingAeTitle: 'BENCH' };
    const identifier = worklistQuery(STATION);

    const sql = await timeSql(prisma, 200);
    console.log(
      `sql: cap pre-check (count up to 1001) ${fixed(sql.countMs, 2)} ms, first page ${fixed(sql.pageMs, 2)} ms (means of 200)`,
    );
    await load(peer, identifier, 4, 1_000); // warm-up: JIT, pool, plan cache
    const one = await load(peer, identifier, 1, DURATION_MS);
    console.log(`1 client: ${one.queries} queries of ${one.matches} matches, ${fixed(one.qps)} q/s`);
    const sixteen = await load(peer, identifier, 16, DURATION_MS);
    console.log(
      `16 clients: ${sixteen.queries} queries of ${sixteen.matches} matches, ${fixed(sixteen.qps)} q/s`,
    );

    // End to end with dcmtk: all of today (500 matches), findscu spawned per query.
    const allToday = worklistQuery('', '');
    const inProcess: number[] = [];
    let inProcessMatches = 0;
    for (let i = 0; i < 5; i++) {
      const outcome = await findOnce(peer, allToday);
      inProcess.push(outcome.ms);
      inProcessMatches = outcome.matches;
    }
    const findscuArgs = [
      '-W',
      '-aet',
      'BENCH',
      '-aec',
      'MWL_BENCH',
      '-k',
      'PatientName=',
      '-k',
      'PatientID=',
      '-k',
      `ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=${today()}`,
      '-k',
      'ScheduledProcedureStepSequence[0].Modality=',
      host,
      String(port),
    ];
    const findscu: number[] = [];
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      const run = await runTool('findscu', findscuArgs);
      if (run.exitCode !== 0) throw new Error('findscu failed');
      findscu.push(performance.now() - started);
    }
    const verbose = await runTool('findscu', ['-v', ...findscuArgs]);
    const findscuMatches =
      (verbose.stdout + verbose.stderr).match(/Find Response:? \d+ \(Pending\)/g)?.length ?? 0;
    const median = (values: number[]) =>
      percentile(
        [...values].sort((a, b) => a - b),
        50,
      );
    console.log(
      `all of today: in-process SCU median ${fixed(median(inProcess))} ms for ${inProcessMatches} matches; ` +
        `findscu median ${fixed(median(findscu))} ms for ${findscuMatches} matches (incl. ~74 ms start-up)`,
    );
    console.log(
      `RESULT qps_1=${fixed(one.qps)} p50_ms_1=${fixed(one.p50, 2)} p99_ms_1=${fixed(one.p99, 2)} ` +
        `qps_16=${fixed(sixteen.qps)} p50_ms_16=${fixed(sixteen.p50, 2)} p99_ms_16=${fixed(sixteen.p99, 2)}`,
    );
  } finally {
    await gateway?.close({ deadlineMs: 1_000 });
    await prisma.$disconnect();
    if (process.env.BENCH_KEEP_DB) console.log(`kept ${databaseUrl}`);
    else await dropDatabase(SERVER_URL, name);
  }
}

await main();
