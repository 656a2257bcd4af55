import {
  assignIdentifiers,
  changeHash,
  decideCreate,
  decideSet,
  sampleMppsCreate,
  sampleMppsFinalSet,
  sampleScheduledStep,
  sampleUnscheduledStep,
  worklistEntrySchema,
  type MppsDataset,
  type WorklistEntry,
} from '@mwl/domain';
import { dbTest } from '../testing/index.ts';
import { describe, expect } from 'vitest';
import type { PrismaClient, WorklistItem } from '../generated/client.ts';
import { createMppsRepository, type MppsRepository } from './mpps.repository.ts';
import { listMppsOfItems, listUnlinkedMpps } from './mpps-view.repository.ts';
import { upsertWorklistRows } from './worklist-upsert.repository.ts';

function entry(i: number, overrides: Partial<WorklistEntry> = {}): WorklistEntry {
  return worklistEntrySchema.parse({
    source: 'redcap',
    sourceKey: `rec-${i}`,
    patientName: 'Doe^Jane',
    patientId: `SUB-${i}`,
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    spsStartDate: '20260310',
    spsStartTime: '093000',
    spsStartAt: '2026-03-10T09:30:00-06:00',
    timezone: 'America/Edmonton',
    ...overrides,
  });
}

async function schedule(prisma: PrismaClient, entries: WorklistEntry[]): Promise<WorklistItem[]> {
  await upsertWorklistRows(
    prisma,
    'redcap',
    entries.map((e) => ({ entry: e, changeHash: changeHash(e), identifiers: assignIdentifiers(e) })),
  );
  return prisma.worklistItem.findMany({ orderBy: { id: 'asc' } });
}

const stepOf = (item: WorklistItem) => sampleScheduledStep(item);

function create(repo: MppsRepository, uid: string, dataset: MppsDataset) {
  const decision = decideCreate(dataset);
  if (!decision.ok) throw new Error(decision.failure.comment);
  return repo.create({
    sopInstanceUid: uid,
    created: decision.created,
    dataset,
    callingAeTitle: 'MR1',
    startedAt: null,
  });
}

const set = (repo: MppsRepository, uid: string, request: MppsDataset) =>
  repo.update(
    uid,
    (state) => decideSet(state, request),
    () => null,
  );

const statuses = async (prisma: PrismaClient) =>
  (await prisma.worklistItem.findMany({ orderBy: { id: 'asc' } })).map((i) => i.status);

describe('MPPS repository', () => {
  dbTest(
    'links an N-CREATE by Study Instance UID + SPS ID and starts the step in the same statement',
    async ({ prisma }) => {
      const [item] = await schedule(prisma, [entry(1), entry(2)]);
      const repo = createMppsRepository(prisma);
      const result = await create(
        repo,
        '2.25.1',
        sampleMppsCreate({ ScheduledStepAttributesSequence: [stepOf(item!)] }),
      );
      expect(result).toEqual({
        outcome: 'created',
        links: [{ worklistItemId: item!.id, method: 'study-sps' }],
      });
      expect(await statuses(prisma)).toEqual(['STARTED', 'SCHEDULED']);
      expect(await listMppsOfItems(prisma, [item!.id])).toMatchObject([
        { sopInstanceUid: '2.25.1', status: 'IN PROGRESS', linkedBy: 'study-sps', startDate: '20260310' },
      ]);
    },
  );

  dbTest(
    'falls back to Accession Number + Requested Procedure ID when the one reference finds no step',
    async ({ prisma }) => {
      const [item] = await schedule(prisma, [
        entry(1, { accessionNumber: 'ACC1', requestedProcedureId: 'RP1' }),
        entry(2),
      ]);
      const repo = createMppsRepository(prisma);
      const wrongSps = { ...stepOf(item!), ScheduledProcedureStepID: 'NO-SUCH-STEP' };
      const refs = { ScheduledStepAttributesSequence: [wrongSps] };
      expect(await create(repo, '2.25.1', sampleMppsCreate(refs))).toEqual({
        outcome: 'created',
        links: [{ worklistItemId: item!.id, method: 'accession-rp' }],
      });
      expect(await statuses(prisma)).toEqual(['STARTED', 'SCHEDULED']);
      // The same reference again: found by Study + SPS in one statement, and reported a duplicate.
      const sameStep = { ScheduledStepAttributesSequence: [stepOf(item!)] };
      expect(await create(repo, '2.25.1', sampleMppsCreate(sameStep))).toEqual({ outcome: 'duplicate' });
      expect(await prisma.mppsWorklistLink.count()).toBe(1);
    },
  );

  dbTest('reports a second N-CREATE of a UID as a duplicate, also when several race', async ({ prisma }) => {
    const repo = createMppsRepository(prisma);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => create(repo, '2.25.9', sampleMppsCreate())),
    );
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(5);
    expect(await prisma.mppsInstance.count()).toBe(1);
  });

  dbTest(
    'completes and discontinues: the linked steps follow, a final instance refuses more',
    async ({ prisma }) => {
      const [a, b] = await schedule(prisma, [entry(1), entry(2)]);
      const repo = createMppsRepository(prisma);
      await create(repo, '2.25.1', sampleMppsCreate({ ScheduledStepAttributesSequence: [stepOf(a!)] }));
      await create(repo, '2.25.2', sampleMppsCreate({ ScheduledStepAttributesSequence: [stepOf(b!)] }));
      expect(await set(repo, '2.25.1', sampleMppsFinalSet('COMPLETED'))).toMatchObject({
        outcome: 'updated',
        itemsUpdated: 1,
      });
      expect(await set(repo, '2.25.2', sampleMppsFinalSet('DISCONTINUED'))).toMatchObject({
        outcome: 'updated',
      });
      expect(await statuses(prisma)).toEqual(['COMPLETED', 'DISCONTINUED']);
      expect(await set(repo, '2.25.1', { PerformedProcedureStepDescription: 'late' })).toMatchObject({
        outcome: 'refused',
        decision: { failure: { status: 0x0110, errorId: 0xa710 } },
      });
      expect(await set(repo, '2.25.404', sampleMppsFinalSet('COMPLETED'))).toEqual({ outcome: 'not-found' });
    },
  );

  dbTest('applies concurrent N-SETs of one instance one after the other, losing none', async ({ prisma }) => {
    const repo = createMppsRepository(prisma);
    await create(repo, '2.25.1', sampleMppsCreate());
    const keywords = [
      'PerformedProcedureStepDescription',
      'CommentsOnThePerformedProcedureStep',
      'PerformedProcedureTypeDescription',
    ];
    const results = await Promise.all(keywords.map((k) => set(repo, '2.25.1', { [k]: 'x' })));
    expect(results.every((r) => r.outcome === 'updated')).toBe(true);
    const stored = await repo.get('2.25.1');
    for (const k of keywords) expect(stored?.attributes[k]).toBe('x');
  });

  dbTest(
    "trusts a state it remembers only until another process's write says otherwise",
    async ({ prisma }) => {
      // Two gateway processes: each repository remembers the states it wrote itself.
      const here = createMppsRepository(prisma);
      const elsewhere = createMppsRepository(prisma);
      const { PerformedSeriesSequence, ...finalWithoutSeries } = sampleMppsFinalSet('COMPLETED');

      await create(here, '2.25.1', sampleMppsCreate());
      await set(elsewhere, '2.25.1', { PerformedProcedureStepDescription: 'from elsewhere' });
      expect(await set(here, '2.25.1', { CommentsOnThePerformedProcedureStep: 'from here' })).toMatchObject({
        outcome: 'updated',
      });
      expect((await here.get('2.25.1'))?.attributes).toMatchObject({
        PerformedProcedureStepDescription: 'from elsewhere',
        CommentsOnThePerformedProcedureStep: 'from here',
      });

      await create(here, '2.25.2', sampleMppsCreate());
      await set(elsewhere, '2.25.2', sampleMppsFinalSet('DISCONTINUED'));
      expect(await set(here, '2.25.2', sampleMppsFinalSet('COMPLETED'))).toMatchObject({
        outcome: 'refused',
        decision: { failure: { status: 0x0110, errorId: 0xa710 } },
      });

      // Refused on the remembered state (no Performed Series), accepted on the stored one.
      await create(here, '2.25.3', sampleMppsCreate());
      await set(elsewhere, '2.25.3', { PerformedSeriesSequence });
      expect(await set(here, '2.25.3', finalWithoutSeries)).toMatchObject({
        outcome: 'updated',
        status: 'COMPLETED',
      });
    },
  );

  dbTest('links a grouped MPPS to both steps and keeps an unscheduled one unlinked', async ({ prisma }) => {
    const [a, b] = await schedule(prisma, [entry(1), entry(2)]);
    const repo = createMppsRepository(prisma);
    const grouped = await create(
      repo,
      '2.25.1',
      sampleMppsCreate({ ScheduledStepAttributesSequence: [stepOf(a!), stepOf(b!)] }),
    );
    expect(grouped).toMatchObject({
      outcome: 'created',
      links: [{ method: 'study-sps' }, { method: 'study-sps' }],
    });
    const unscheduled = sampleMppsCreate({
      PatientID: 'NOBODY',
      ScheduledStepAttributesSequence: [sampleUnscheduledStep('2.25.777')],
    });
    expect(await create(repo, '2.25.2', unscheduled)).toEqual({ outcome: 'created', links: [] });
    expect(await listUnlinkedMpps(prisma, { from: '20260310', to: '20260310', limit: 10 })).toMatchObject([
      { sopInstanceUid: '2.25.2', status: 'IN PROGRESS' },
    ]);
    expect(await listUnlinkedMpps(prisma, { from: '20260311', limit: 10 })).toEqual([]);
  });

  dbTest(
    'links by Patient ID only when exactly one active step is scheduled that day on that station',
    async ({ prisma }) => {
      await schedule(prisma, [
        entry(1, { patientId: 'P7' }),
        entry(2, { patientId: 'P8' }),
        entry(3, { patientId: 'P8' }),
      ]);
      const repo = createMppsRepository(prisma);
      const noRef = (patientId: string) =>
        sampleMppsCreate({
          PatientID: patientId,
          ScheduledStepAttributesSequence: [sampleUnscheduledStep('2.25.55')],
        });
      expect(await create(repo, '2.25.1', noRef('P7'))).toMatchObject({ links: [{ method: 'patient' }] });
      expect(await create(repo, '2.25.2', noRef('P8'))).toEqual({ outcome: 'created', links: [] });
    },
  );

  dbTest('links a repeat: one step gets a second MPPS, the latest status wins', async ({ prisma }) => {
    const [item] = await schedule(prisma, [entry(1)]);
    const repo = createMppsRepository(prisma);
    const refs = { ScheduledStepAttributesSequence: [stepOf(item!)] };
    await create(repo, '2.25.1', sampleMppsCreate(refs));
    await set(repo, '2.25.1', sampleMppsFinalSet('DISCONTINUED'));
    await create(repo, '2.25.2', sampleMppsCreate(refs));
    expect(await statuses(prisma)).toEqual(['STARTED']);
    await set(repo, '2.25.2', sampleMppsFinalSet('COMPLETED'));
    expect(await statuses(prisma)).toEqual(['COMPLETED']);
    expect((await listMppsOfItems(prisma, [item!.id])).map((m) => [m.sopInstanceUid, m.status])).toEqual([
      ['2.25.1', 'DISCONTINUED'],
      ['2.25.2', 'COMPLETED'],
    ]);
  });

  dbTest("keeps an MPPS-owned status when the writer's upsert brings the step again", async ({ prisma }) => {
    const e = entry(1);
    const [item] = await schedule(prisma, [e]);
    const repo = createMppsRepository(prisma);
    await create(repo, '2.25.1', sampleMppsCreate({ ScheduledStepAttributesSequence: [stepOf(item!)] }));
    await schedule(prisma, [entry(1, { spsDescription: 'changed at the source', status: 'SCHEDULED' })]);
    expect(await statuses(prisma)).toEqual(['STARTED']);
    await set(repo, '2.25.1', sampleMppsFinalSet('COMPLETED'));
    await schedule(prisma, [entry(1, { spsDescription: 'changed again', status: 'ARRIVED' })]);
    const after = await prisma.worklistItem.findFirstOrThrow();
    expect(after).toMatchObject({ status: 'COMPLETED', spsDescription: 'changed again' });
  });
});
