import { createWorklistFindRepository, type EmbeddedDatabase } from '@mwl/db';
import { findscu } from '@mwl/dimse/testing';
import { createGateway, type Gateway, type GatewayOptions } from '@mwl/gateway';
import { fixtureItem as item } from '@mwl/gateway/testing';
import { createLogger } from '@mwl/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDatabase } from './embedded-support.ts';

/**
 * Acceptance 4: a subset of the gateway's C-FIND conformance table, the result cap and C-CANCEL,
 * answered from the embedded database (PGlite) as `mwl-bridge start` does without DATABASE_URL.
 */

const AE = 'MWL_BRIDGE';

const FIXTURE = [
  item(1, { patientName: 'DOE^JOHN', spsStartTime: '090000' }),
  item(2, { patientName: 'DOE^JANE', spsStartTime: '143000' }),
  item(3, {
    patientName: 'DOEBLER^MAX',
    modality: 'CT',
    scheduledStationAeTitle: 'CT_1',
    spsStartTime: '100000',
  }),
  item(4, {
    patientName: 'ROE^RICHARD',
    scheduledStationAeTitle: 'MRI_15T',
    spsStartDate: '20260311',
    spsStartTime: '083000',
  }),
  item(5, { patientName: 'Müller^Jörg', spsStartDate: '20260312', spsStartTime: '170000' }),
  item(6, {
    patientName: '山田^太郎',
    modality: 'CT',
    scheduledStationAeTitle: 'CT_1',
    spsStartDate: '20260309',
  }),
  item(7, { patientName: 'DOE^JIM', spsStartTime: '110000', status: 'COMPLETED' }),
  item(8, { patientName: 'DOE^JOE', spsStartTime: '120000', cancelledAt: new Date('2026-03-01T00:00:00Z') }),
];
const VISIBLE = ['P001', 'P002', 'P003', 'P004', 'P005', 'P006'];

const TABLE: [string, string[], string[]][] = [
  ['universal matching returns every visible item', [], VISIBLE],
  ['exact Patient ID', ['PatientID=P003'], ['P003']],
  ['PN wild card DOE*', ['PatientName=DOE*'], ['P001', 'P002', 'P003']],
  ['PN single value ignores case', ['PatientName=doe^john'], ['P001']],
  [
    'PN wild card on a non-Latin name (UTF-8 query)',
    ['SpecificCharacterSet=ISO_IR 192', 'PatientName=山田*'],
    ['P006'],
  ],
  ['PN with a Latin-1 name', ['SpecificCharacterSet=ISO_IR 192', 'PatientName=Müller*'], ['P005']],
  [
    'single SPS start date',
    ['ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20260310'],
    ['P001', 'P002', 'P003'],
  ],
  [
    'closed date range',
    ['ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20260310-20260311'],
    ['P001', 'P002', 'P003', 'P004'],
  ],
  [
    'date with time range is one period of that day',
    [
      'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=20260310',
      'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime=1000-1500',
    ],
    ['P002', 'P003'],
  ],
  ['modality CT', ['ScheduledProcedureStepSequence[0].Modality=CT'], ['P003', 'P006']],
  [
    'scheduled station AE title',
    ['ScheduledProcedureStepSequence[0].ScheduledStationAETitle=MRI_3T'],
    ['P001', 'P002', 'P005'],
  ],
  ['Study Instance UID list', ['StudyInstanceUID=2.25.1001\\2.25.1004'], ['P001', 'P004']],
  [
    'SPS status COMPLETED shows the completed item',
    ['ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus=COMPLETED'],
    ['P007'],
  ],
  [
    'SPS status CANCELED shows the cancelled item',
    ['ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus=CANCELED'],
    ['P008'],
  ],
];

function options(overrides: Partial<GatewayOptions> = {}): GatewayOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    aeTitles: [AE],
    callingAeAllowList: null,
    callingAeAddressBinding: {},
    maxAssociations: 20,
    maxPduLength: 65_536,
    idleTimeoutMs: 30_000,
    maxResults: 1_000,
    pageSize: 50,
    queryTimeoutMs: 3_000,
    pnCaseInsensitive: true,
    charsetPerAe: {},
    ...overrides,
  };
}

let database: EmbeddedDatabase;
let gateway: Gateway;
let capped: Gateway;
let port: number;
let cappedPort: number;

beforeAll(async () => {
  database = await openMemoryDatabase();
  await database.prisma.worklistItem.createMany({ data: FIXTURE });
  const bulk = Array.from({ length: 400 }, (_, i) =>
    item(100 + i, { modality: 'US', scheduledStationAeTitle: 'US_1', patientName: `BULK^PATIENT${i}` }),
  );
  await database.prisma.worklistItem.createMany({ data: bulk });
  const logger = createLogger({ service: 'gateway-embedded-test', level: 'silent' });
  const repository = createWorklistFindRepository(database.prisma);
  gateway = createGateway({ logger, repository, options: options() });
  capped = createGateway({ logger, repository, options: options({ maxResults: 300 }) });
  port = (await gateway.listen()).port;
  cappedPort = (await capped.listen()).port;
});
afterAll(async () => {
  await gateway.close({ deadlineMs: 1_000 });
  await capped.close({ deadlineMs: 1_000 });
  await database.close();
});

const peer = (p = port) => ({ host: '127.0.0.1', port: p, calledAeTitle: AE });
const BASE = ['PatientName=', 'PatientID=', 'ScheduledProcedureStepSequence[0].Modality='];
const notBulk = (ids: unknown[]) => ids.map(String).filter((id) => Number(id.slice(1)) < 100);

describe('the gateway on PGlite: C-FIND conformance subset (findscu)', () => {
  it.each(TABLE)('%s', async (_name, keys, expected) => {
    const merged = [...BASE.filter((b) => !keys.some((k) => k.split('=')[0] === b.split('=')[0])), ...keys];
    const result = await findscu(peer(), { keys: merged });
    expect(result.finalStatus).toBe(0x0000);
    expect(notBulk(result.responses.map((r) => r.PatientID)).sort()).toEqual([...expected].sort());
  });
});

describe('the gateway on PGlite: streaming limits', () => {
  it('refuses a query over the result cap with 0xA700 and no match sent', async () => {
    const result = await findscu(peer(cappedPort), {
      keys: [...BASE.slice(0, 2), 'ScheduledProcedureStepSequence[0].Modality=US'],
      exactStatus: true,
    });
    expect(result.finalStatus).toBe(0xa700);
    expect(result.responses).toHaveLength(0);
  });

  it('streams 400 matches in pages', async () => {
    const result = await findscu(peer(), {
      keys: [...BASE.slice(0, 2), 'ScheduledProcedureStepSequence[0].Modality=US'],
    });
    expect(result.finalStatus).toBe(0x0000);
    expect(result.responses).toHaveLength(400);
  });

  it('stops on C-CANCEL with the Cancel status', async () => {
    const result = await findscu(peer(), {
      keys: [...BASE.slice(0, 2), 'ScheduledProcedureStepSequence[0].Modality=US'],
      cancelAfter: 5,
      exactStatus: true,
    });
    expect(result.finalStatus).toBe(0xfe00);
    expect(result.responses.length).toBeLessThan(400);
  });
});
