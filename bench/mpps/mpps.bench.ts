// MPPS benchmark (`npm run bench:mpps`): 100,000 scheduled worklist items in a scratch database,
// the gateway in-process on a free port with its MPPS store, and in-process MPPS clients
// (dcmjs-dimse's Client through @mwl/dimse's mppsScu) each sending N-CREATE then N-SET COMPLETED
// for its own scheduled step on one association, as a modality does, with 1 and 16 concurrent
// clients. Every answer must be Success; every step must end COMPLETED. Ends with one RESULT line.
import {
  createMppsRepository,
  createPrismaClient,
  createWorklistFindRepository,
  type PrismaClient,
} from '@mwl/db';
import { mppsScu, type DicomDataset, type ScuPeer } from '@mwl/dimse';
import { sampleMppsCreate, sampleMppsFinalSet, sampleScheduledStep } from '@mwl/domain';
import { createGateway, type GatewayOptions } from '@mwl/gateway';
import { createLogger } from '@mwl/observability';
import { createScratchDatabase, describeMachine, recordResult } from '../support.ts';

const ROWS = 100_000;
const STATIONS = 20;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const DATE = '20260310';

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

function pairFor(n: number, run: string): { create: DicomDataset; set: DicomDataset; uid: string } {
  const step = sampleScheduledStep({
    studyInstanceUid: `2.25.${10000000 + n}`,
    accessionNumber: `ACC${n}`,
    requestedProcedureId: `RP${n}`,
    spsId: `SPS${n}`,
  });
  return {
    uid: `2.25.${run}${n}`,
    create: sampleMppsCreate({
      PatientID: `PID${n}`,
      PerformedStationAETitle: `MR_${n % STATIONS}`,
      ScheduledStepAttributesSequence: [step],
    }) as DicomDataset,
    set: sampleMppsFinalSet('COMPLETED') as DicomDataset,
  };
}

/** Clients each sending pairs for fresh items (taken from `next`) until the deadline. */
async function load(peer: ScuPeer, clients: number, durationMs: number, next: { n: number }, run: string) {
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let pairs = 0;
  const statuses = new Map<number, number>();
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      while (performance.now() < deadline) {
        const n = ++next.n;
        if (n > ROWS) throw new Error('ran out of scheduled items');
        const pair = pairFor(n, run);
        const answers = await mppsScu({ ...peer, callingAeTitle: `MR_${i % STATIONS}` }, [
          { kind: 'n-create', sopInstanceUid: pair.uid, dataset: pair.create },
          { kind: 'n-set', sopInstanceUid: pair.uid, dataset: pair.set },
        ]);
        for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        pairs++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const failures = [...statuses].filter(([status]) => status !== 0);
  if (failures.length > 0) {
    throw new Error(
      `answers other than Success: ${failures.map(([s, c]) => `0x${s.toString(16)}×${c}`).join(', ')}`,
    );
  }
  if (statuses.get(0) !== pairs * 2)
    throw new Error(`expected ${pairs * 2} Success answers, got ${statuses.get(0)}`);
  // CPU of this process (gateway and clients) per pair: less sensitive to a loaded machine.
  return { pairs, perSecond: pairs / seconds, cpuMsPerPair: (cpu.user + cpu.system) / 1000 / pairs };
}

async function main(): Promise<void> {
  console.log(describeMachine());
  const scratch = await createScratchDatabase();
  const prisma = createPrismaClient({
    databaseUrl: scratch.databaseUrl,
    poolSize: 10,
    applicationName: 'mwl-bench',
  });
  let gateway: ReturnType<typeof createGateway> | undefined;
  try {
    const started = performance.now();
    await insertItems(prisma);
    console.log(`inserted ${ROWS} scheduled items in ${(performance.now() - started).toFixed(0)} ms`);
    const options: GatewayOptions = {
      host: '127.0.0.1',
      port: 0,
      aeTitles: ['MWL_BENCH'],
      callingAeAllowList: null,
      callingAeAddressBinding: {},
      maxAssociations: 32,
      // The 16 load clients all come from this machine's one address.
      limits: { maxAssociationsPerAddress: 32 },
      maxPduLength: 65_536,
      idleTimeoutMs: 30_000,
      maxResults: 1_000,
      pageSize: 200,
      queryTimeoutMs: 3_000,
      pnCaseInsensitive: true,
      charsetPerAe: {},
    };
    gateway = createGateway({
      logger: createLogger({ service: 'bench', level: 'warn' }),
      repository: createWorklistFindRepository(prisma),
      mpps: { repository: createMppsRepository(prisma), timezone: 'UTC' },
      options,
    });
    const { host, port } = await gateway.listen();
    const peer: ScuPeer = { host, port, calledAeTitle: 'MWL_BENCH', callingAeTitle: 'MR_0' };
    const next = { n: 0 };
    const run = String(Date.now() % 1_000_000);
    await load(peer, 4, 1_000, next, run); // warm-up: JIT, pool, plan cache
    const one = await load(peer, 1, DURATION_MS, next, run);
    console.log(
      `1 association at a time: ${one.pairs} N-CREATE + N-SET pairs, ${one.perSecond.toFixed(1)} pairs/s`,
    );
    const sixteen = await load(peer, 16, DURATION_MS, next, run);
    console.log(
      `16 associations: ${sixteen.pairs} pairs, ${sixteen.perSecond.toFixed(1)} pairs/s, ` +
        `${sixteen.cpuMsPerPair.toFixed(1)} ms CPU per pair`,
    );

    const [counts] = await prisma.$queryRawUnsafe<{ completed: number; instances: number; links: number }[]>(
      `SELECT (SELECT count(*) FROM worklist_item WHERE status = 'COMPLETED')::int AS completed,
              (SELECT count(*) FROM mpps_instance WHERE status = 'COMPLETED')::int AS instances,
              (SELECT count(*) FROM mpps_worklist_link WHERE linked_by = 'study-sps')::int AS links`,
    );
    if (counts?.completed !== next.n || counts.instances !== next.n || counts.links !== next.n) {
      throw new Error(
        `expected ${next.n} completed items, instances and links, got ${JSON.stringify(counts)}`,
      );
    }
    console.log(
      `verified: ${next.n} items COMPLETED, ${next.n} MPPS instances COMPLETED, each linked by study-sps`,
    );
    const figure = `mpps_per_s_1=${one.perSecond.toFixed(1)} mpps_per_s_16=${sixteen.perSecond.toFixed(1)}`;
    recordResult({
      bench: 'mpps (100k items, N-CREATE + N-SET pairs)',
      figure,
      command: 'npm run bench:mpps',
    });
    console.log(`RESULT ${figure}`);
  } finally {
    await gateway?.close({ deadlineMs: 2_000 });
    await prisma.$disconnect();
    await scratch.drop();
  }
}

await main();
