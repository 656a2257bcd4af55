import { findscu } from '@mwl/dimse/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureItem, startTestGateway, type RunningGateway } from './test-support.ts';

/**
 * Acceptance 2: a conformance table of `findscu -W` queries against one fixture worklist, checking
 * which items come back and that each response holds exactly the requested attributes (plus
 * Specific Character Set).
 */

const FIXTURE = [
  fixtureItem(1, {
    patientName: 'DOE^JOHN',
    spsStartTime: '090000',
    scheduledPerformingPhysician: 'SMITH^ANNA',
  }),
  fixtureItem(2, { patientName: 'DOE^JANE', spsStartTime: '143000' }),
  fixtureItem(3, {
    patientName: 'DOEBLER^MAX',
    modality: 'CT',
    scheduledStationAeTitle: 'CT_1',
    spsStartTime: '100000',
  }),
  fixtureItem(4, {
    patientName: 'ROE^RICHARD',
    scheduledStationAeTitle: 'MRI_15T',
    spsStartDate: '20260311',
    spsStartTime: '083000',
  }),
  fixtureItem(5, { patientName: 'Müller^Jörg', spsStartDate: '20260312', spsStartTime: '170000' }),
  fixtureItem(6, {
    patientName: '山田^太郎',
    modality: 'CT',
    scheduledStationAeTitle: 'CT_1',
    spsStartDate: '20260309',
    spsStartTime: '120000',
  }),
  fixtureItem(7, { patientName: 'DOE^JIM', spsStartTime: '110000', status: 'COMPLETED' }),
  fixtureItem(8, {
    patientName: 'DOE^JOE',
    spsStartTime: '120000',
    cancelledAt: new Date('2026-03-01T00:00:00Z'),
  }),
  fixtureItem(9, {
    patientName: 'doe^jill',
    modality: 'US',
    scheduledStationAeTitle: 'US_1',
    spsStartDate: '20260313',
    status: 'ARRIVED',
  }),
];
const VISIBLE = ['P001', 'P002', 'P003', 'P004', 'P005', 'P006', 'P009'];

const TOP_KEYS = { PatientName: '', PatientID: '', AccessionNumber: '', StudyInstanceUID: '' };
const SPS_KEYS = {
  Modality: '',
  ScheduledStationAETitle: '',
  ScheduledProcedureStepStartDate: '',
  ScheduledProcedureStepStartTime: '',
};

interface Query {
  top?: Record<string, string>;
  sps?: Record<string, string>;
}

function keysOf(query: Query): { top: Record<string, string>; sps: Record<string, string>; args: string[] } {
  const top = { ...TOP_KEYS, ...query.top };
  const sps = { ...SPS_KEYS, ...query.sps };
  const args = [
    ...Object.entries(top).map(([k, v]) => `${k}=${v}`),
    ...Object.entries(sps).map(([k, v]) => `ScheduledProcedureStepSequence[0].${k}=${v}`),
  ];
  return { top, sps, args };
}

const TABLE: [string, Query, string[]][] = [
  ['universal matching returns every visible item', {}, VISIBLE],
  ['a lone * is universal matching', { top: { PatientName: '*' } }, VISIBLE],
  ['exact Patient ID', { top: { PatientID: 'P003' } }, ['P003']],
  ['PN wild card DOE*', { top: { PatientName: 'DOE*' } }, ['P001', 'P002', 'P003', 'P009']],
  ['PN wild card ? matches one character', { top: { PatientName: 'DOE^J?NE' } }, ['P002']],
  ['PN single value ignores case', { top: { PatientName: 'doe^john' } }, ['P001']],
  ['PN single value DOE does not match DOE^JOHN', { top: { PatientName: 'DOE' } }, []],
  [
    'PN wild card in the given name, ignoring case',
    { top: { PatientName: '*^J*' } },
    ['P001', 'P002', 'P005', 'P009'],
  ],
  [
    'PN wild card on a non-Latin name (UTF-8 query)',
    { top: { SpecificCharacterSet: 'ISO_IR 192', PatientName: '山田*' } },
    ['P006'],
  ],
  [
    'single SPS start date',
    { sps: { ScheduledProcedureStepStartDate: '20260310' } },
    ['P001', 'P002', 'P003'],
  ],
  [
    'closed date range',
    { sps: { ScheduledProcedureStepStartDate: '20260310-20260311' } },
    ['P001', 'P002', 'P003', 'P004'],
  ],
  [
    'date range open at the start',
    { sps: { ScheduledProcedureStepStartDate: '-20260310' } },
    ['P001', 'P002', 'P003', 'P006'],
  ],
  [
    'date range open at the end',
    { sps: { ScheduledProcedureStepStartDate: '20260311-' } },
    ['P004', 'P005', 'P009'],
  ],
  [
    'time range alone is a window within any day',
    { sps: { ScheduledProcedureStepStartTime: '0800-1000' } },
    ['P001', 'P003', 'P004', 'P009'],
  ],
  [
    'time range open at the start',
    { sps: { ScheduledProcedureStepStartTime: '-0900' } },
    ['P001', 'P004', 'P009'],
  ],
  [
    'date with time range is one period of that day',
    { sps: { ScheduledProcedureStepStartDate: '20260310', ScheduledProcedureStepStartTime: '1000-1500' } },
    ['P002', 'P003'],
  ],
  [
    'date range with time range is one continuous period',
    {
      sps: {
        ScheduledProcedureStepStartDate: '20260310-20260312',
        ScheduledProcedureStepStartTime: '1200-1700',
      },
    },
    ['P002', 'P004', 'P005'],
  ],
  ['modality MR', { sps: { Modality: 'MR' } }, ['P001', 'P002', 'P004', 'P005']],
  ['modality CT', { sps: { Modality: 'CT' } }, ['P003', 'P006']],
  ['scheduled station AE title', { sps: { ScheduledStationAETitle: 'MRI_3T' } }, ['P001', 'P002', 'P005']],
  [
    'a wild card in the station AE title is matched literally',
    { sps: { ScheduledStationAETitle: 'MRI*' } },
    [],
  ],
  [
    "today's MR worklist for one station",
    {
      sps: { Modality: 'MR', ScheduledStationAETitle: 'MRI_3T', ScheduledProcedureStepStartDate: '20260310' },
    },
    ['P001', 'P002'],
  ],
  ['accession number', { top: { AccessionNumber: 'ACC004' } }, ['P004']],
  ['accession number wild card', { top: { AccessionNumber: 'ACC00?' } }, VISIBLE],
  ['Study Instance UID list', { top: { StudyInstanceUID: '2.25.1001\\2.25.1004' } }, ['P001', 'P004']],
  ['single Study Instance UID', { top: { StudyInstanceUID: '2.25.1006' } }, ['P006']],
  [
    'scheduled performing physician wild card',
    { sps: { ScheduledPerformingPhysicianName: 'SMITH*' } },
    ['P001'],
  ],
  [
    'an empty stored value never matches a non-universal key',
    { sps: { ScheduledPerformingPhysicianName: '*A*' } },
    ['P001'],
  ],
  [
    'SPS status COMPLETED shows the completed item',
    { sps: { ScheduledProcedureStepStatus: 'COMPLETED' } },
    ['P007'],
  ],
  [
    'SPS status CANCELED shows the cancelled item',
    { sps: { ScheduledProcedureStepStatus: 'CANCELED' } },
    ['P008'],
  ],
  ['SPS status list', { sps: { ScheduledProcedureStepStatus: 'SCHEDULED\\ARRIVED' } }, VISIBLE],
  ['a completed item stays hidden when its status is not asked for', { top: { PatientID: 'P007' } }, []],
  ['no match for an unknown Patient ID', { top: { PatientID: 'NOPE' } }, []],
  ['no match for a date without items', { sps: { ScheduledProcedureStepStartDate: '20250101' } }, []],
];

const database = useTestDatabase();
let running: RunningGateway;

beforeAll(async () => {
  running = await startTestGateway(database.current.databaseUrl);
  await running.prisma.worklistItem.createMany({ data: FIXTURE });
});
afterAll(async () => {
  await running.close();
});

describe('Modality Worklist C-FIND conformance table (acceptance 2)', () => {
  it('has at least 25 queries', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(25);
  });

  it.each(TABLE)('%s', async (_name, query, expected) => {
    const { top, sps, args } = keysOf(query);
    const result = await findscu(running.peer(), { keys: args });
    expect(result.finalStatus).toBe(0x0000);
    expect(result.responses.map((r) => r['PatientID']).sort()).toEqual([...expected].sort());
    for (const response of result.responses) {
      expect(Object.keys(response).sort()).toEqual(
        [...new Set(['SpecificCharacterSet', 'ScheduledProcedureStepSequence', ...Object.keys(top)])].sort(),
      );
      expect(response['SpecificCharacterSet']).toBe('ISO_IR 192');
      const items = response['ScheduledProcedureStepSequence'] as Record<string, unknown>[];
      expect(items).toHaveLength(1);
      expect(Object.keys(items[0]!).sort()).toEqual(Object.keys(sps).sort());
    }
  });
});

describe('Modality Worklist C-FIND responses', () => {
  it('answers stored values, type-2 keys without a value as zero-length, and the computed status', async () => {
    const result = await findscu(running.peer(), {
      keys: [
        'PatientID=P001',
        'PatientName=',
        'ReferringPhysicianName=',
        'AdmissionID=',
        'RequestedProcedureID=',
        'ScheduledProcedureStepSequence[0].ScheduledProcedureStepID=',
        'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus=',
        'ScheduledProcedureStepSequence[0].ScheduledPerformingPhysicianName=',
      ],
    });
    expect(result.responses).toEqual([
      {
        SpecificCharacterSet: 'ISO_IR 192',
        PatientID: 'P001',
        PatientName: 'DOE^JOHN',
        ReferringPhysicianName: '',
        AdmissionID: '',
        RequestedProcedureID: 'RP1',
        ScheduledProcedureStepSequence: [
          {
            ScheduledProcedureStepID: 'SPS1',
            ScheduledProcedureStepStatus: 'SCHEDULED',
            ScheduledPerformingPhysicianName: 'SMITH^ANNA',
          },
        ],
      },
    ]);
  });

  it('streams items in scheduled order', async () => {
    const result = await findscu(running.peer(), {
      keys: ['PatientID=', 'ScheduledProcedureStepSequence[0].Modality=MR'],
    });
    expect(result.responses.map((r) => r['PatientID'])).toEqual(['P001', 'P002', 'P004', 'P005']);
  });

  it('flags a key it cannot match with Pending 0xFF01 and still answers it', async () => {
    const result = await findscu(running.peer(), {
      keys: ['PatientID=P001', 'PatientState=CRITICAL'],
      exactStatus: true,
    });
    expect(result.stdout + result.stderr).toMatch(/DIMSE Status\s*:\s*0xff01/i);
    expect(result.responses).toEqual([
      { SpecificCharacterSet: 'ISO_IR 192', PatientID: 'P001', PatientState: '' },
    ]);
    expect(result.finalStatus).toBe(0x0000);
  });

  it('refuses a malformed date with 0xA900 and names the key, not the value', async () => {
    const result = await findscu(running.peer(), {
      keys: ['PatientID=', 'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=2026-03-10'],
      exactStatus: true,
    });
    expect(result.finalStatus).toBe(0xa900);
    expect(result.responses).toEqual([]);
    expect(result.stdout + result.stderr).toContain('ScheduledProcedureStepStartDate');
  });

  it('never logs patient data', () => {
    const logs = running.logText();
    expect(logs).toContain('C-FIND answered');
    for (const value of ['DOE', 'Müller', '山田', 'P001', 'SMITH', 'ACC00'])
      expect(logs).not.toContain(value);
  });
});
