import { findscu } from '@mwl/dimse/testing';
import { fixtureItem } from '@mwl/gateway/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../int-support.ts';

/**
 * Acceptance 2: one table of queries, asked over DIMSE (dcmtk's findscu against the gateway) and
 * over DICOMweb (the api's ch.14 search), must return the same items.
 */
const database = useTestDatabase();
let stack: ApiStack;
let token: string;

const SPS = 'ScheduledProcedureStepSequence';
const ITEMS = [
  fixtureItem(1),
  fixtureItem(2, { spsStartTime: '143000' }),
  fixtureItem(3, { modality: 'CT', scheduledStationAeTitle: 'CT_1' }),
  fixtureItem(4, { spsStartDate: '20260311' }),
  fixtureItem(5, {
    spsStartDate: '20260311',
    modality: 'CT',
    scheduledStationAeTitle: 'CT_1',
    spsStartTime: '071500',
  }),
  fixtureItem(6, { status: 'CANCELED', cancelledAt: new Date('2026-03-01T00:00:00Z') }),
  fixtureItem(7, { spsStartDate: '20260312', patientName: 'SMITH^ANNA' }),
  fixtureItem(8, { status: 'ARRIVED' }),
];

beforeAll(async () => {
  stack = await startApiStack(database.current.databaseUrl);
  await stack.prisma.worklistItem.createMany({ data: ITEMS });
  token = await stack.token('dicomweb', 'read');
});
afterAll(async () => {
  await stack?.close();
});

// [name, findscu -k keys, DICOMweb query parameters]
const QUERIES: [string, string[], string][] = [
  ['everything', [], ''],
  ['one patient id', ['PatientID=P001'], 'PatientID=P001'],
  ['a wildcard inside a name', ['PatientName=*JOHN*'], 'PatientName=*JOHN*'],
  ['a one-character wildcard', ['PatientName=DOE^JOHN?'], 'PatientName=DOE%5EJOHN%3F'],
  ['a patient name prefix', ['PatientName=DOE^JOHN*'], 'PatientName=DOE%5EJOHN*'],
  ['a patient name in lower case', ['PatientName=smith^anna'], 'PatientName=smith%5Eanna'],
  ['a patient name by tag', ['PatientName=SMITH*'], '00100010=SMITH*'],
  ['an accession number', ['AccessionNumber=ACC003'], 'AccessionNumber=ACC003'],
  ['a study instance uid', ['StudyInstanceUID=2.25.1004'], 'StudyInstanceUID=2.25.1004'],
  [
    'a list of study instance uids',
    ['StudyInstanceUID=2.25.1001\\2.25.1005'],
    'StudyInstanceUID=2.25.1001,2.25.1005',
  ],
  ['a requested procedure id', ['RequestedProcedureID=RP2'], 'RequestedProcedureID=RP2'],
  ['a modality', [`${SPS}[0].Modality=CT`], `${SPS}.Modality=CT`],
  ['a modality by tags', [`${SPS}[0].Modality=MR`], '00400100.00080060=MR'],
  ['a station', [`${SPS}[0].ScheduledStationAETitle=CT_1`], `${SPS}.ScheduledStationAETitle=CT_1`],
  [
    'a date',
    [`${SPS}[0].ScheduledProcedureStepStartDate=20260311`],
    `${SPS}.ScheduledProcedureStepStartDate=20260311`,
  ],
  [
    'a date range',
    [`${SPS}[0].ScheduledProcedureStepStartDate=20260311-20260312`],
    `${SPS}.ScheduledProcedureStepStartDate=20260311-20260312`,
  ],
  [
    'an open date range',
    [`${SPS}[0].ScheduledProcedureStepStartDate=-20260310`],
    `${SPS}.ScheduledProcedureStepStartDate=-20260310`,
  ],
  [
    'a date and a time range',
    [
      `${SPS}[0].ScheduledProcedureStepStartDate=20260310`,
      `${SPS}[0].ScheduledProcedureStepStartTime=080000-100000`,
    ],
    `${SPS}.ScheduledProcedureStepStartDate=20260310&${SPS}.ScheduledProcedureStepStartTime=080000-100000`,
  ],
  ['a step id', [`${SPS}[0].ScheduledProcedureStepID=SPS5`], `${SPS}.ScheduledProcedureStepID=SPS5`],
  [
    'a status',
    [`${SPS}[0].ScheduledProcedureStepStatus=ARRIVED`],
    `${SPS}.ScheduledProcedureStepStatus=ARRIVED`,
  ],
  [
    'cancelled items, asked for',
    [`${SPS}[0].ScheduledProcedureStepStatus=CANCELED`],
    `${SPS}.ScheduledProcedureStepStatus=CANCELED`,
  ],
  [
    'modality and date together',
    [`${SPS}[0].Modality=CT`, `${SPS}[0].ScheduledProcedureStepStartDate=20260311`],
    `${SPS}.Modality=CT&${SPS}.ScheduledProcedureStepStartDate=20260311`,
  ],
  ['no match', ['PatientID=NOBODY'], 'PatientID=NOBODY'],
];

async function overDimse(keys: string[]): Promise<string[]> {
  const result = await findscu(stack.gateway.peer(), {
    keys: [
      ...keys.filter((k) => !k.startsWith('PatientID=')),
      keys.find((k) => k.startsWith('PatientID=')) ?? 'PatientID=',
    ],
    exactStatus: true,
  });
  expect(result.finalStatus).toBe(0x0000);
  return result.responses.map((r) => r['PatientID'] as string).sort();
}

async function overDicomweb(query: string): Promise<string[]> {
  const response = await fetch(`${stack.baseUrl}/dicomweb/modality-scheduled-procedure-steps?${query}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/dicom+json' },
  });
  if (response.status === 204) return [];
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/dicom\+json/);
  const body = (await response.json()) as Record<string, { Value?: string[] }>[];
  return body.map((item) => item['00100020']?.Value?.[0] ?? '').sort();
}

describe('the same queries over findscu and DICOMweb (acceptance 2)', () => {
  it('has at least 20 queries', () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(QUERIES)('%s', async (_name, keys, query) => {
    const [dimse, web] = await Promise.all([overDimse(keys), overDicomweb(query)]);
    expect(web).toEqual(dimse);
    // Equal and not trivially so: only the last query matches nothing, and none matches everything
    // by accident (8 items, one cancelled).
    if (query === 'PatientID=NOBODY') expect(dimse).toEqual([]);
    else expect(dimse.length).toBeGreaterThan(0);
  });
});

describe('the DICOMweb search', () => {
  const search = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.baseUrl}/dicomweb/modality-scheduled-procedure-steps?${query}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });

  it('answers DICOM JSON with sequences and person names in their JSON form', async () => {
    const [item] = (await (await search('PatientID=P001')).json()) as Record<
      string,
      { vr: string; Value?: unknown[] }
    >[];
    expect(item?.['00100010']).toEqual({ vr: 'PN', Value: [{ Alphabetic: 'DOE^JOHN1' }] });
    expect(item?.['00400100']?.vr).toBe('SQ');
    expect(
      (item?.['00400100']?.Value?.[0] as Record<string, { Value: string[] }>)['00080060']?.Value,
    ).toEqual(['MR']);
  });

  it('pages with offset and limit', async () => {
    const all = await overDicomweb('');
    const page = (await (await search('offset=2&limit=3')).json()) as unknown[];
    expect(page).toHaveLength(3);
    expect(all.length).toBeGreaterThan(5);
  });

  it('refuses other media types (406), unknown attributes (400), and no token (401)', async () => {
    expect((await search('', { accept: 'application/dicom+xml' })).status).toBe(406);
    expect((await search('NotAnAttribute=1')).status).toBe(400);
    expect((await fetch(`${stack.baseUrl}/dicomweb/modality-scheduled-procedure-steps`)).status).toBe(401);
  });

  it('returns the default keys, plus what includefield names, or everything for includefield=all', async () => {
    const first = async (query: string) =>
      ((await (await search(`PatientID=P001${query}`)).json()) as Record<string, unknown>[])[0] ?? {};
    const plain = await first('');
    expect(plain).toHaveProperty('00100010');
    expect(plain).not.toHaveProperty('00080050'); // Accession Number: type 2, not a default key
    const included = await first('&includefield=AccessionNumber,00100030');
    expect(included['00080050']).toEqual({ vr: 'SH', Value: ['ACC001'] });
    expect(included).toHaveProperty('00100030');
    const all = await first('&includefield=all');
    expect(Object.keys(all).length).toBeGreaterThan(Object.keys(included).length);
    expect(all).toHaveProperty('00080050');
    expect((await search('includefield=NotAnAttribute')).status).toBe(400);
  });

  it('warns that fuzzy matching is ignored', async () => {
    const response = await search('PatientName=DOE*&fuzzymatching=true');
    expect(response.headers.get('warning')).toMatch(/^299 /);
  });
});
