import { listMppsOfItems, listUnlinkedMpps, type WorklistItem } from '@mwl/db';
import { mppsScu, type DicomDataset, type MppsScuRequest } from '@mwl/dimse';
import { findscu } from '@mwl/dimse/testing';
import {
  sampleMppsCreate,
  sampleMppsFinalSet,
  sampleScheduledStep,
  sampleUnscheduledStep,
} from '@mwl/domain';
import { useTestDatabase } from '@mwl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureItem, startTestGateway, type RunningGateway } from './test-support.ts';

// The MPPS client is dcmjs-dimse's Client (through @mwl/dimse's SCU), not our server code; the
// worklist client is dcmtk's findscu.

const database = useTestDatabase();
const gateways: RunningGateway[] = [];
afterEach(async () => {
  for (const g of gateways.splice(0)) await g.close();
});

async function start(): Promise<RunningGateway> {
  const running = await startTestGateway(database.current.databaseUrl);
  gateways.push(running);
  return running;
}

let next = 100;
/** Schedules `count` fresh items (unique identifiers), for patient `patientId`. */
async function schedule(
  running: RunningGateway,
  count: number,
  patientId = `MPPS${next}`,
): Promise<WorklistItem[]> {
  const ns = Array.from({ length: count }, () => next++);
  await running.prisma.worklistItem.createMany({
    data: ns.map((n) => fixtureItem(n, { patientId, patientName: 'Müller^Jörg' })),
  });
  return running.prisma.worklistItem.findMany({
    where: { sourceKey: { in: ns.map((n) => `key-${n}`) } },
    orderBy: { id: 'asc' },
  });
}

const stepOf = (item: WorklistItem) => sampleScheduledStep(item);

const createFor = (items: WorklistItem[], overrides: DicomDataset = {}): DicomDataset =>
  sampleMppsCreate({
    SpecificCharacterSet: 'ISO_IR 192',
    PatientID: items[0]?.patientId ?? 'NOBODY',
    ScheduledStepAttributesSequence: items.map(stepOf),
    ...overrides,
  }) as DicomDataset;

const nCreate = (uid: string | undefined, dataset: DicomDataset): MppsScuRequest => ({
  kind: 'n-create',
  ...(uid !== undefined && { sopInstanceUid: uid }),
  dataset,
});
const nSet = (uid: string, dataset: DicomDataset): MppsScuRequest => ({
  kind: 'n-set',
  sopInstanceUid: uid,
  dataset,
});

const statusesOf = async (running: RunningGateway, items: WorklistItem[]) =>
  (
    await running.prisma.worklistItem.findMany({
      where: { id: { in: items.map((i) => i.id) } },
      orderBy: { id: 'asc' },
    })
  ).map((i) => i.status);

const peer = (running: RunningGateway, callingAeTitle = 'MODALITY1') => ({
  ...running.peer(callingAeTitle),
  callingAeTitle,
});

let uidSeq = 0;
const uid = () => `2.25.${Date.now()}${++uidSeq}`;

describe('MPPS SCP (acceptance 1)', () => {
  it('runs create → in progress → completed; the step follows STARTED then COMPLETED', async () => {
    const running = await start();
    const items = await schedule(running, 1);
    const id = uid();
    const [created] = await mppsScu(peer(running, 'MR1'), [nCreate(id, createFor(items))]);
    expect(created).toMatchObject({ status: 0x0000, affectedSopInstanceUid: id });
    expect(await statusesOf(running, items)).toEqual(['STARTED']);
    const answers = await mppsScu(peer(running, 'MR1'), [
      nSet(id, {
        PerformedSeriesSequence: sampleMppsFinalSet('COMPLETED')['PerformedSeriesSequence'] as DicomDataset[],
      }),
      nSet(id, sampleMppsFinalSet('COMPLETED', { PerformedSeriesSequence: undefined }) as DicomDataset),
    ]);
    expect(answers.map((a) => a.status)).toEqual([0x0000, 0x0000]);
    expect(await statusesOf(running, items)).toEqual(['COMPLETED']);
    const [stored] = await listMppsOfItems(running.prisma, [items[0]!.id]);
    expect(stored).toMatchObject({ status: 'COMPLETED', linkedBy: 'study-sps', callingAeTitle: 'MR1' });
    expect(stored?.endedAt).toEqual(new Date('2026-03-10T16:00:00Z')); // 10:00 in Edmonton (MST)
    const metrics = await running.registry.metrics();
    expect(metrics).toMatch(
      /mwl_gateway_mpps_requests_total\{operation="n_create",outcome="created",calling_ae="MR1"\} 1/,
    );
    expect(metrics).toMatch(
      /mwl_gateway_mpps_requests_total\{operation="n_set",outcome="completed",calling_ae="MR1"\} 1/,
    );
    expect(running.logText()).not.toMatch(/Müller|MPPS1\d\d/);
  });

  it('runs create → discontinued on one association', async () => {
    const running = await start();
    const items = await schedule(running, 1);
    const id = uid();
    const answers = await mppsScu(peer(running), [
      nCreate(id, createFor(items)),
      nSet(id, sampleMppsFinalSet('DISCONTINUED') as DicomDataset),
    ]);
    expect(answers.map((a) => a.status)).toEqual([0x0000, 0x0000]);
    expect(await statusesOf(running, items)).toEqual(['DISCONTINUED']);
  });

  it('assigns and returns a SOP Instance UID when the N-CREATE has none', async () => {
    const running = await start();
    const [answer] = await mppsScu(peer(running), [
      nCreate(undefined, createFor(await schedule(running, 1))),
    ]);
    expect(answer?.status).toBe(0x0000);
    expect(answer?.affectedSopInstanceUid).toMatch(/^2\.25\.\d+$/);
    expect(
      await running.prisma.mppsInstance.count({ where: { sopInstanceUid: answer!.affectedSopInstanceUid! } }),
    ).toBe(1);
  });

  it('answers every failure status with its attribute list, Error ID and comment', async () => {
    const running = await start();
    const items = await schedule(running, 1);
    const id = uid();
    const missingPatientId = createFor(items);
    delete missingPatientId['PatientID'];
    const answers = await mppsScu(peer(running), [
      nCreate(uid(), missingPatientId),
      nCreate(uid(), createFor(items, { Modality: '' })),
      nCreate(uid(), createFor(items, { PerformedProcedureStepStatus: 'COMPLETED' })),
      nCreate(id, createFor(items)),
      nCreate(id, createFor(items)),
      nSet('2.25.404404', sampleMppsFinalSet('COMPLETED') as DicomDataset),
      nSet(id, sampleMppsFinalSet('COMPLETED', { PerformedSeriesSequence: [] }) as DicomDataset),
      nSet(id, sampleMppsFinalSet('COMPLETED') as DicomDataset),
      nSet(id, { PerformedProcedureStepDescription: 'too late' }),
    ]);
    expect(answers).toMatchObject([
      { status: 0x0120, attributeIdentifierList: [0x00100020] },
      { status: 0x0121, attributeIdentifierList: [0x00080060] },
      { status: 0x0106, attributeIdentifierList: [0x00400252] },
      { status: 0x0000 },
      { status: 0x0111 },
      { status: 0x0112 },
      { status: 0x0121, attributeIdentifierList: [0x00400340] },
      { status: 0x0000 },
      {
        status: 0x0110,
        errorId: 0xa710,
        errorComment: 'Performed Procedure Step Object may no longer be updated',
      },
    ]);
    expect(await running.prisma.mppsInstance.count({ where: { sopInstanceUid: id } })).toBe(1);
  });
});

describe('C-FIND after MPPS (acceptance 2)', () => {
  it('hides a COMPLETED step from a default query and lists it when the query asks for COMPLETED', async () => {
    const running = await start();
    const items = await schedule(running, 1, 'ACC2-PATIENT');
    const id = uid();
    await mppsScu(peer(running), [nCreate(id, createFor(items))]);
    const keys = ['PatientID=ACC2-PATIENT', 'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus'];
    const started = await findscu(peer(running), { keys });
    expect(started.responses.map((r) => r['PatientID'])).toEqual(['ACC2-PATIENT']); // STARTED stays visible
    await mppsScu(peer(running), [nSet(id, sampleMppsFinalSet('COMPLETED') as DicomDataset)]);
    expect((await findscu(peer(running), { keys })).responses).toEqual([]);
    const asked = await findscu(peer(running), {
      keys: [
        'PatientID=ACC2-PATIENT',
        'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStatus=COMPLETED',
      ],
    });
    expect(asked.responses).toHaveLength(1);
  });
});

describe('a gateway stopped between N-CREATE and N-SET (acceptance 3)', () => {
  it('loses nothing: another gateway instance on the same database takes the N-SET', async () => {
    const first = await start();
    const items = await schedule(first, 1);
    const id = uid();
    expect((await mppsScu(peer(first), [nCreate(id, createFor(items))]))[0]?.status).toBe(0x0000);
    await first.gateway.close({ deadlineMs: 0 });
    const second = await start();
    expect(
      (await mppsScu(peer(second), [nSet(id, sampleMppsFinalSet('COMPLETED') as DicomDataset)]))[0]?.status,
    ).toBe(0);
    expect(await statusesOf(second, items)).toEqual(['COMPLETED']);
  });
});

describe('grouped and unscheduled MPPS (acceptance 4)', () => {
  it('links a grouped MPPS to both steps and stores an unscheduled one unlinked', async () => {
    const running = await start();
    const items = await schedule(running, 2);
    const grouped = uid();
    const unscheduled = uid();
    const answers = await mppsScu(peer(running), [
      nCreate(grouped, createFor(items)),
      nCreate(
        unscheduled,
        createFor([], {
          PatientID: 'WALK-IN',
          PerformedProcedureStepStartDate: '20260401',
          ScheduledStepAttributesSequence: [sampleUnscheduledStep(uid())],
        }),
      ),
    ]);
    expect(answers.map((a) => a.status)).toEqual([0, 0]);
    expect(await statusesOf(running, items)).toEqual(['STARTED', 'STARTED']);
    const linked = await listMppsOfItems(
      running.prisma,
      items.map((i) => i.id),
    );
    expect(linked.map((l) => [l.sopInstanceUid, l.linkedBy])).toEqual([
      [grouped, 'study-sps'],
      [grouped, 'study-sps'],
    ]);
    expect(
      await listUnlinkedMpps(running.prisma, { from: '20260401', to: '20260401', limit: 10 }),
    ).toMatchObject([{ sopInstanceUid: unscheduled, status: 'IN PROGRESS' }]);
  });
});
