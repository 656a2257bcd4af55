import {
  createMppsRepository,
  createPrismaClient,
  createWorklistFindRepository,
  type PrismaClient,
} from '@mwl/db';
import { mppsScu, type DicomDataset } from '@mwl/dimse';
import {
  sampleMppsCreate,
  sampleMppsFinalSet,
  sampleScheduledStep,
  sampleUnscheduledStep,
  type MppsDataset,
} from '@mwl/domain';
import { createGateway, type Gateway } from '@mwl/gateway';
import { createLogger } from '@mwl/observability';
import { createTestDatabase, type TestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { captureIo } from './test-io.ts';

/** Acceptance 2 (the cli half): `mwl-bridge query` shows each item's MPPS and the unlinked ones. */

const AE = 'MWL_BRIDGE';
let database: TestDatabase;
let prisma: PrismaClient;
let gateway: Gateway;
let port: number;

const row = (n: number, patientId: string) => {
  const time = `${String(8 + n).padStart(2, '0')}0000`;
  return {
    source: 'test',
    sourceKey: `key-${n}`,
    changeHash: `hash-${n}`,
    patientName: `DOE^JOHN${n}`,
    patientId,
    accessionNumber: `ACC${n}`,
    studyInstanceUid: `2.25.${5000 + n}`,
    requestedProcedureId: `RP${n}`,
    spsId: `SPS${n}`,
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    spsStartDate: '20260310',
    spsStartTime: time,
    spsStartAt: new Date(`2026-03-10T${time.slice(0, 2)}:00:00-06:00`),
    timezone: 'America/Edmonton',
  };
};

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = createPrismaClient({ databaseUrl: database.databaseUrl, poolSize: 2 });
  await prisma.worklistItem.createMany({ data: [row(1, 'P1'), row(2, 'P2'), row(3, 'P3')] });
  gateway = createGateway({
    logger: createLogger({ service: 'query-mpps-test', level: 'silent' }),
    repository: createWorklistFindRepository(prisma),
    mpps: { repository: createMppsRepository(prisma), timezone: 'America/Edmonton' },
    options: {
      host: '127.0.0.1',
      port: 0,
      aeTitles: [AE],
      callingAeAllowList: null,
      callingAeAddressBinding: {},
      maxAssociations: 4,
      maxPduLength: 65_536,
      idleTimeoutMs: 30_000,
      maxResults: 100,
      pageSize: 50,
      queryTimeoutMs: 3_000,
      pnCaseInsensitive: true,
      charsetPerAe: {},
    },
  });
  port = (await gateway.listen()).port;
  const items = await prisma.worklistItem.findMany({ orderBy: { id: 'asc' } });
  const create = (uid: string, steps: MppsDataset[], extra: MppsDataset = {}) => ({
    kind: 'n-create' as const,
    sopInstanceUid: uid,
    dataset: sampleMppsCreate({ ScheduledStepAttributesSequence: steps, ...extra }) as DicomDataset,
  });
  const answers = await mppsScu({ host: '127.0.0.1', port, calledAeTitle: AE, callingAeTitle: 'MR1' }, [
    create('2.25.91', [sampleScheduledStep(items[0]!)]),
    { kind: 'n-set', sopInstanceUid: '2.25.91', dataset: sampleMppsFinalSet('COMPLETED') as DicomDataset },
    create('2.25.92', [sampleScheduledStep(items[1]!), sampleScheduledStep(items[2]!)]),
    create('2.25.93', [sampleUnscheduledStep('2.25.9300')], { PatientID: 'WALK-IN' }),
  ]);
  expect(answers.map((a) => a.status)).toEqual([0, 0, 0, 0]);
});
afterAll(async () => {
  await gateway.close({ deadlineMs: 1_000 });
  await prisma.$disconnect();
  await database.drop();
});

describe('mwl-bridge query with MPPS', () => {
  it('shows each item’s MPPS status and how it was linked, then the unlinked MPPS', async () => {
    const io = captureIo({ env: { DATABASE_URL: database.databaseUrl } });
    expect(await runCli(['query', '--date', '20260310', '--all'], io)).toBe(0);
    const lines = io.out().split('\n');
    expect(lines[0]).toMatch(/ MPPS /);
    expect(lines.find((l) => l.includes('P1'))).toContain('COMPLETED (study-sps)');
    expect(lines.filter((l) => l.includes('IN PROGRESS (study-sps)'))).toHaveLength(2);
    expect(io.out()).toContain('MPPS linked to no worklist item:');
    expect(io.out()).toMatch(/2026-03-10 +09:15 +IN PROGRESS +MRI_3T +MR1 +2\.25\.93/);
  });

  it('gives the MPPS in JSON, per item and (with --unlinked) the unlinked ones', async () => {
    const json = captureIo({ env: { DATABASE_URL: database.databaseUrl } });
    expect(await runCli(['query', '--date', '20260310', '--json', '--status', 'COMPLETED'], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject([
      {
        patientId: 'P1',
        status: 'COMPLETED',
        mpps: [{ sopInstanceUid: '2.25.91', status: 'COMPLETED', linkedBy: 'study-sps' }],
      },
    ]);
    const unlinked = captureIo({ env: { DATABASE_URL: database.databaseUrl } });
    expect(await runCli(['query', '--unlinked', '--json'], unlinked)).toBe(0);
    expect(JSON.parse(unlinked.out())).toMatchObject([
      { sopInstanceUid: '2.25.93', status: 'IN PROGRESS', callingAeTitle: 'MR1' },
    ]);
  });
});
