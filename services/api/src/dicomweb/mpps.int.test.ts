import type { WorklistItem } from '@mwl/db';
import { createDicomJsonCodec, mppsScu, type DicomDataset } from '@mwl/dimse';
import { sampleMppsCreate, sampleMppsFinalSet, sampleScheduledStep, type MppsDataset } from '@mwl/domain';
import { fixtureItem } from '@mwl/gateway/testing';
import { useTestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../int-support.ts';

/**
 * PS3.18 ch.15 over real HTTP against real Postgres, with the DIMSE gateway of the same stack on
 * the same database: the two doors share one state machine and one store.
 */
const database = useTestDatabase();
const codec = createDicomJsonCodec();
let stack: ApiStack;
let writeToken: string;
let readToken: string;

beforeAll(async () => {
  stack = await startApiStack(database.current.databaseUrl);
  writeToken = await stack.token('modality', 'write');
  readToken = await stack.token('viewer', 'read');
});
afterAll(async () => {
  await stack?.close();
});

let next = 500;
let uidSeq = 0;
const newUid = () => `2.25.${Date.now()}${++uidSeq}`;

async function schedule(): Promise<WorklistItem> {
  const n = next++;
  await stack.prisma.worklistItem.create({ data: fixtureItem(n, { patientId: `WEB${n}` }) });
  return stack.prisma.worklistItem.findFirstOrThrow({ where: { sourceKey: `key-${n}` } });
}

const createBodyFor = (item: WorklistItem, overrides: MppsDataset = {}) =>
  codec.encode(
    sampleMppsCreate({
      PatientID: item.patientId,
      ScheduledStepAttributesSequence: [sampleScheduledStep(item)],
      ...overrides,
    }),
  );

const url = (uid: string, suffix = '') =>
  `${stack.baseUrl}/dicomweb/modality-performed-procedure-steps/${uid}${suffix}`;

function post(uid: string, body: unknown, options: { update?: boolean; token?: string } = {}) {
  return fetch(url(uid, options.update ? '?update' : ''), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token ?? writeToken}`,
      'content-type': 'application/dicom+json',
      accept: 'application/dicom+json',
    },
    body: JSON.stringify(body),
  });
}

async function retrieve(uid: string, query = '') {
  return fetch(`${url(uid)}${query}`, {
    headers: { authorization: `Bearer ${readToken}`, accept: 'application/dicom+json' },
  });
}

const statusOf = async (item: WorklistItem) =>
  (await stack.prisma.worklistItem.findUniqueOrThrow({ where: { id: item.id } })).status;

const problemOf = async (response: Response) =>
  (await response.json()) as { code: string; problems?: { path: string }[] };

const completed = codec.encode(sampleMppsFinalSet('COMPLETED'));

describe('DICOMweb MPPS (PS3.18 ch.15)', () => {
  it('creates a step (201), completes it (200) and returns it; the worklist step follows STARTED then COMPLETED', async () => {
    const item = await schedule();
    const uid = newUid();
    const created = await post(uid, createBodyFor(item));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/dicomweb/modality-performed-procedure-steps/${uid}`);
    expect(await statusOf(item)).toBe('STARTED');

    expect((await post(uid, completed, { update: true })).status).toBe(200);
    expect(await statusOf(item)).toBe('COMPLETED');

    const response = await retrieve(uid);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/dicom\+json/);
    const [step] = (await response.json()) as Record<string, { vr: string; Value?: unknown[] }>[];
    expect(step?.['00400252']).toEqual({ vr: 'CS', Value: ['COMPLETED'] });
    expect(step?.['00400340']?.vr).toBe('SQ');
    expect(step?.['00100020']).toEqual({ vr: 'LO', Value: [item.patientId] });
    const stored = await stack.prisma.mppsInstance.findUniqueOrThrow({ where: { sopInstanceUid: uid } });
    expect(stored.endedAt).toEqual(new Date('2026-03-10T16:00:00Z')); // 10:00 in Edmonton (MST)
    const audit = await stack.prisma.auditEvent.findMany({
      where: { targetId: uid },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((event) => [event.action, event.actor])).toEqual([
      ['mpps.create', 'modality'],
      ['mpps.update', 'modality'],
    ]);
    expect(stack.logText()).toContain('DICOMweb MPPS updated');
    expect(stack.logText()).not.toMatch(/Müller|WEB5\d\d/);
  });

  it('refuses a second create of the same UID with 409 and keeps the first', async () => {
    const item = await schedule();
    const uid = newUid();
    expect((await post(uid, createBodyFor(item))).status).toBe(201);
    const again = await post(uid, createBodyFor(item, { PerformedStationAETitle: 'OTHER' }));
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await problemOf(again)).code).toBe('MWL_ERR_API_MPPS_EXISTS');
    const [step] = (await (await retrieve(uid)).json()) as Record<string, { Value?: unknown[] }>[];
    expect(step?.['00400241']?.Value).toEqual(['MRI_3T']);
  });

  it('answers 404 to an update of an unknown UID', async () => {
    const response = await post(newUid(), completed, { update: true });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe('MWL_ERR_API_MPPS_UNKNOWN');
    expect((await retrieve(newUid())).status).toBe(404);
  });

  it('refuses an update after COMPLETED with 409 and leaves the step and the worklist as they were', async () => {
    const item = await schedule();
    const uid = newUid();
    await post(uid, createBodyFor(item));
    await post(uid, completed, { update: true });
    const late = await post(uid, codec.encode(sampleMppsFinalSet('DISCONTINUED')), { update: true });
    expect(late.status).toBe(409);
    expect((await problemOf(late)).code).toBe('MWL_ERR_API_MPPS_FINAL');
    expect(await statusOf(item)).toBe('COMPLETED');
    const stored = await stack.prisma.mppsInstance.findUniqueOrThrow({ where: { sopInstanceUid: uid } });
    expect(stored.status).toBe('COMPLETED');
  });

  it('refuses a create without a type 1 attribute with 400 naming it, and stores nothing', async () => {
    const item = await schedule();
    const uid = newUid();
    const body = createBodyFor(item);
    delete body['00080060']; // Modality
    const response = await post(uid, body);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe('MWL_ERR_API_MPPS_MISSING_ATTRIBUTE');
    expect(problem.problems?.map((p) => p.path)).toEqual(['Modality']);
    expect((await retrieve(uid)).status).toBe(404);
    expect(await statusOf(item)).toBe('SCHEDULED');
  });

  it('refuses a completion without end time with 400 and keeps the step IN PROGRESS', async () => {
    const item = await schedule();
    const uid = newUid();
    await post(uid, createBodyFor(item));
    const body = codec.encode(sampleMppsFinalSet('COMPLETED', { PerformedProcedureStepEndTime: '' }));
    const response = await post(uid, body, { update: true });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('MWL_ERR_API_MPPS_MISSING_VALUE');
    expect(await statusOf(item)).toBe('STARTED');
  });

  it('refuses bodies that are not DICOM JSON and UIDs that are not UIDs with 400', async () => {
    expect((await post(newUid(), { PatientID: 'x' })).status).toBe(400);
    expect((await post(newUid(), { '00100020': { vr: 'LO', Value: 'x' } })).status).toBe(400);
    const badUid = await post('not-a-uid', createBodyFor(await schedule()));
    expect(badUid.status).toBe(400);
    expect((await problemOf(badUid)).code).toBe('MWL_ERR_API_MPPS_INVALID_UID');
  });

  it('lets a read token retrieve but not create or update (403), and no token nothing (401)', async () => {
    const item = await schedule();
    const uid = newUid();
    const refused = await post(uid, createBodyFor(item), { token: readToken });
    expect(refused.status).toBe(403);
    expect((await problemOf(refused)).code).toBe('MWL_ERR_API_FORBIDDEN');
    expect((await retrieve(uid)).status).toBe(404);
    await post(uid, createBodyFor(item));
    expect((await post(uid, completed, { update: true, token: readToken })).status).toBe(403);
    expect((await retrieve(uid)).status).toBe(200);
    expect((await fetch(url(uid))).status).toBe(401);
  });

  it('returns only the attributes includefield names (keywords or tags)', async () => {
    const uid = newUid();
    await post(uid, createBodyFor(await schedule()));
    const [step] = (await (
      await retrieve(uid, '?includefield=PerformedProcedureStepStatus,00080060')
    ).json()) as Record<string, unknown>[];
    expect(Object.keys(step ?? {})).toEqual(['00080060', '00400252']);
    expect((await retrieve(uid, '?includefield=NoSuchKeyword')).status).toBe(400);
  });

  it('accepts the update at the path form …/{uid}/update of the standard examples', async () => {
    const item = await schedule();
    const uid = newUid();
    await post(uid, createBodyFor(item));
    const response = await fetch(url(uid, '/update'), {
      method: 'POST',
      headers: { authorization: `Bearer ${writeToken}`, 'content-type': 'application/dicom+json' },
      body: JSON.stringify(completed),
    });
    expect(response.status).toBe(200);
    expect(await statusOf(item)).toBe('COMPLETED');
  });
});

describe('one MPPS state machine behind DICOMweb and DIMSE', () => {
  const peer = () => ({ ...stack.gateway.peer('MR1'), callingAeTitle: 'MR1' });

  it('finishes over DIMSE N-SET a step created over DICOMweb, and refuses a later DICOMweb update', async () => {
    const item = await schedule();
    const uid = newUid();
    expect((await post(uid, createBodyFor(item))).status).toBe(201);
    const [set] = await mppsScu(peer(), [
      { kind: 'n-set', sopInstanceUid: uid, dataset: sampleMppsFinalSet('DISCONTINUED') as DicomDataset },
    ]);
    expect(set?.status).toBe(0x0000);
    expect(await statusOf(item)).toBe('DISCONTINUED');
    const [step] = (await (await retrieve(uid)).json()) as Record<string, { Value?: unknown[] }>[];
    expect(step?.['00400252']?.Value).toEqual(['DISCONTINUED']);
    expect((await post(uid, completed, { update: true })).status).toBe(409);
  });

  it('completes over DICOMweb a step created over DIMSE N-CREATE, and answers 409 to its DICOMweb create', async () => {
    const item = await schedule();
    const uid = newUid();
    const dataset = sampleMppsCreate({
      PatientID: item.patientId,
      ScheduledStepAttributesSequence: [sampleScheduledStep(item)],
    }) as DicomDataset;
    const [created] = await mppsScu(peer(), [{ kind: 'n-create', sopInstanceUid: uid, dataset }]);
    expect(created?.status).toBe(0x0000);
    expect((await post(uid, createBodyFor(item))).status).toBe(409);
    expect((await post(uid, completed, { update: true })).status).toBe(200);
    expect(await statusOf(item)).toBe('COMPLETED');
    const [again] = await mppsScu(peer(), [
      { kind: 'n-set', sopInstanceUid: uid, dataset: sampleMppsFinalSet('COMPLETED') as DicomDataset },
    ]);
    expect(again?.status).toBe(0x0110);
  });
});
