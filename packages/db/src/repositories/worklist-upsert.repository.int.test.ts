import {
  assignIdentifiers,
  changeHash,
  worklistEntrySchema,
  type WorklistEntry,
  type WorklistEntryInput,
} from '@mwl/domain';
import { dbTest } from '../testing/index.ts';
import { describe, expect } from 'vitest';
import type { PrismaClient } from '../generated/client.ts';
import { recordRejections } from './rejection.repository.ts';
import { upsertWorklistRows, type WorklistRowInput } from './worklist-upsert.repository.ts';

function entry(i: number, overrides: Partial<WorklistEntryInput> = {}): WorklistEntry {
  return worklistEntrySchema.parse({
    source: 'redcap',
    sourceKey: `rec-${i}`,
    patientName: 'Doe^Jane',
    patientId: `SUB-${i}`,
    patientWeightKg: 61.5,
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    spsStartDate: '20260310',
    spsStartTime: '093000',
    spsStartAt: '2026-03-10T09:30:00-06:00',
    timezone: 'America/Edmonton',
    extra: { InstitutionName: 'Site' },
    ...overrides,
  });
}

const row = (e: WorklistEntry): WorklistRowInput => ({
  entry: e,
  changeHash: changeHash(e),
  identifiers: assignIdentifiers(e),
});

const upsert = (prisma: PrismaClient, entries: WorklistEntry[]) =>
  upsertWorklistRows(prisma, 'redcap', entries.map(row));

async function item(prisma: PrismaClient, key: string) {
  return prisma.worklistItem.findUniqueOrThrow({
    where: { source_sourceKey: { source: 'redcap', sourceKey: key } },
  });
}

describe('upsertWorklistRows', () => {
  dbTest('inserts new rows with their assigned identifiers and every field', async ({ prisma }) => {
    const e = entry(1, {
      protocolCode: { value: 'P1', scheme: '99LOCAL', meaning: 'Brain' },
      durationMinutes: 45,
    });
    expect(await upsert(prisma, [e, entry(2)])).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
      reactivated: 0,
    });
    const stored = await item(prisma, 'rec-1');
    expect(stored).toMatchObject({
      ...assignIdentifiers(e),
      patientName: 'Doe^Jane',
      patientWeightKg: 61.5,
      protocolCodeValue: 'P1',
      protocolCodingScheme: '99LOCAL',
      durationMinutes: 45,
      status: 'SCHEDULED',
      cancelledAt: null,
      rowVersion: 1,
      extra: { InstitutionName: 'Site' },
      changeHash: changeHash(e),
    });
    expect(stored.spsStartAt.toISOString()).toBe('2026-03-10T15:30:00.000Z');
  });

  dbTest(
    'stores an entry without extra attributes with extra {}, also when an update empties it',
    async ({ prisma }) => {
      await upsert(prisma, [entry(1, { extra: {} }), entry(2)]);
      expect((await item(prisma, 'rec-1')).extra).toEqual({});
      await upsert(prisma, [entry(2, { extra: {} })]);
      expect((await item(prisma, 'rec-2')).extra).toEqual({});
    },
  );

  dbTest(
    'writes nothing for an unchanged entry: same row version, updated_at and xmin',
    async ({ prisma }) => {
      await upsert(prisma, [entry(1)]);
      const before = await prisma.$queryRaw<{ xmin: string }[]>`SELECT xmin::text FROM worklist_item`;
      const stored = await item(prisma, 'rec-1');
      expect(await upsert(prisma, [entry(1)])).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 1,
        reactivated: 0,
      });
      const after = await item(prisma, 'rec-1');
      expect(after.rowVersion).toBe(1);
      expect(after.updatedAt).toEqual(stored.updatedAt);
      expect(await prisma.$queryRaw`SELECT xmin::text FROM worklist_item`).toEqual(before);
    },
  );

  dbTest('updates a changed entry but keeps its identifiers', async ({ prisma }) => {
    await upsert(prisma, [entry(1)]);
    const original = await item(prisma, 'rec-1');
    const changed = entry(1, { patientName: 'Doe^Janet', accessionNumber: 'ACC-NEW', spsId: 'NEWSPS' });
    expect(await upsert(prisma, [changed])).toMatchObject({ inserted: 0, updated: 1 });
    const stored = await item(prisma, 'rec-1');
    expect(stored).toMatchObject({
      patientName: 'Doe^Janet',
      rowVersion: 2,
      studyInstanceUid: original.studyInstanceUid,
      accessionNumber: original.accessionNumber,
      spsId: original.spsId,
      requestedProcedureId: original.requestedProcedureId,
    });
  });

  dbTest.for(['STARTED', 'COMPLETED', 'DISCONTINUED'])(
    'never moves an MPPS status %s back, while still taking the new schedule',
    async (mppsStatus, { prisma }) => {
      await upsert(prisma, [entry(1)]);
      await prisma.worklistItem.updateMany({ data: { status: mppsStatus } });
      await upsert(prisma, [entry(1, { status: 'SCHEDULED', spsDescription: 'moved' })]);
      expect(await item(prisma, 'rec-1')).toMatchObject({ status: mppsStatus, spsDescription: 'moved' });
      await upsert(prisma, [entry(1, { status: 'CANCELED' })]);
      expect(await item(prisma, 'rec-1')).toMatchObject({ status: mppsStatus, cancelledAt: null });
    },
  );

  dbTest(
    'cancels a row the source marks CANCELED and reactivates it when the source says so',
    async ({ prisma }) => {
      await upsert(prisma, [entry(1)]);
      await upsert(prisma, [entry(1, { status: 'CANCELED' })]);
      const cancelled = await item(prisma, 'rec-1');
      expect(cancelled.status).toBe('CANCELED');
      expect(cancelled.cancelledAt).toBeInstanceOf(Date);
      expect(await upsert(prisma, [entry(1, { status: 'CANCELED' })])).toMatchObject({ unchanged: 1 });
      expect(await upsert(prisma, [entry(1)])).toMatchObject({ updated: 1, reactivated: 1 });
      expect(await item(prisma, 'rec-1')).toMatchObject({ status: 'SCHEDULED', cancelledAt: null });
    },
  );

  dbTest('reactivates a cancelled row whose entry comes back unchanged', async ({ prisma }) => {
    await upsert(prisma, [entry(1), entry(2)]);
    await prisma.worklistItem.updateMany({
      where: { sourceKey: 'rec-1' },
      data: { status: 'CANCELED', cancelledAt: new Date() },
    });
    expect(await upsert(prisma, [entry(1), entry(2)])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 1,
      reactivated: 1,
    });
    expect(await item(prisma, 'rec-1')).toMatchObject({ status: 'SCHEDULED', cancelledAt: null });
  });

  dbTest(
    'clears the rejections of a key once its entry is written, and only of that key',
    async ({ prisma }) => {
      await recordRejections(prisma, 'redcap', [
        { sourceKey: 'rec-1', reasonCode: 'NO_DATE', message: 'no scheduled date', rawRef: 'record=1' },
        { sourceKey: 'rec-9', reasonCode: 'NO_DATE', message: 'no scheduled date', rawRef: 'record=9' },
      ]);
      await upsert(prisma, [entry(1)]);
      expect((await prisma.rejection.findMany()).map((r) => r.sourceKey)).toEqual(['rec-9']);
    },
  );

  dbTest('keeps rows of another source with the same key apart', async ({ prisma }) => {
    await upsert(prisma, [entry(1)]);
    const other = entry(1, { source: 'calpendo' });
    expect(await upsertWorklistRows(prisma, 'calpendo', [row(other)])).toMatchObject({ inserted: 1 });
    expect(await prisma.worklistItem.count()).toBe(2);
  });
});
