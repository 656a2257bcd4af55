import {
  dbTest,
  fakeRedcapEnv,
  loadFakeRedcapFixture,
  redcapSourceFixture,
  startFakeRedcap,
  type FakeRedcap,
} from '@mwl/testing';
import { afterEach, describe, expect } from 'vitest';
import {
  configWith,
  FAST_REQUESTS,
  harness,
  REPEATING_NEW_FORM,
  waitForRuns,
  worklistRows,
  type Harness,
} from './test-support.ts';

// Acceptance 1 and 6: fixture projects through fake REDCap → fetcher → BullMQ → writer → Postgres
// give exactly the expected rows, with canonical values; rows without a valid date become
// Rejection rows with reasons.

let fake: FakeRedcap | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await fake?.close();
  fake = h = undefined;
});

const none = {
  patientBirthDate: null,
  patientSex: null,
  patientWeightKg: null,
  requestedProcedureDescription: null,
  studyDescription: null,
  spsDescription: null,
  protocolCode: [null, null, null],
  timezone: 'America/Edmonton',
  status: 'SCHEDULED',
  cancelled: false,
};

const classic = redcapSourceFixture('classic', { config: { request: FAST_REQUESTS } });

async function syncFixture(
  prisma: Parameters<typeof harness>[0],
  fixture: 'classic' | 'longitudinal' | 'repeating',
  source: { config: Record<string, unknown>; field_mapping: Record<string, unknown> },
) {
  fake = await startFakeRedcap({ fixture: loadFakeRedcapFixture(fixture), timezone: 'America/Edmonton' });
  h = await harness(prisma);
  const config = configWith([{ name: 'study', ...source }]);
  await h.startFetcher(config, fakeRedcapEnv(fake));
  const [run] = await waitForRuns(prisma, 'study', 1);
  return run!;
}

describe('the fetcher over the fixture projects', () => {
  dbTest('stores exactly the classic project’s rows, with canonical values', async ({ prisma }) => {
    const run = await syncFixture(prisma, 'classic', classic);
    expect(run).toMatchObject({
      kind: 'full',
      complete: true,
      outcome: 'succeeded',
      inserted: 4,
      rejected: 2,
    });
    const row = { ...none, modality: 'MR' };
    expect(await worklistRows(prisma, 'study')).toEqual([
      {
        ...row,
        sourceKey: '1001/-/-/-',
        patientName: 'Test^Alpha',
        patientId: 'REG-1001',
        patientBirthDate: '19850412',
        patientSex: 'F',
        patientWeightKg: 68.04,
        scheduledStationAeTitle: 'PRISMA_3T',
        requestedProcedureDescription: 'MRI BRAIN',
        spsStartDate: '20260310',
        spsStartTime: '093000',
        spsStartAt: '2026-03-10T15:30:00.000Z',
      },
      {
        ...row,
        sourceKey: '1002/-/-/-',
        patientName: 'Sample^Bravo',
        patientId: 'REG-1002',
        patientBirthDate: '19901103',
        patientSex: 'M',
        patientWeightKg: 90.95,
        scheduledStationAeTitle: 'SKYRA_3T',
        requestedProcedureDescription: 'MRI SPINE',
        spsStartDate: '20260310',
        spsStartTime: '141500',
        spsStartAt: '2026-03-10T20:15:00.000Z',
      },
      {
        ...row,
        sourceKey: '1005/-/-/-',
        patientName: 'Dummy^Echo',
        patientId: 'REG-1005',
        patientBirthDate: '19950228',
        patientSex: 'O',
        patientWeightKg: 74.84,
        scheduledStationAeTitle: 'SKYRA_3T',
        requestedProcedureDescription: 'MRI BRAIN',
        spsStartDate: '20260308',
        spsStartTime: '033000',
        spsStartAt: '2026-03-08T09:30:00.000Z',
      },
      {
        ...row,
        sourceKey: '1006/-/-/-',
        patientName: 'Mock^Foxtrot',
        patientId: 'REG-1006',
        scheduledStationAeTitle: 'PRISMA_3T',
        requestedProcedureDescription: 'MRI SPINE',
        spsStartDate: '20260311',
        spsStartTime: '074500',
        spsStartAt: '2026-03-11T13:45:00.000Z',
      },
    ]);
  });

  dbTest('records the rows with a missing or invalid date as rejections with reasons', async ({ prisma }) => {
    await syncFixture(prisma, 'classic', classic);
    const rejections = await prisma.rejection.findMany({
      where: { source: 'study' },
      orderBy: { sourceKey: 'asc' },
    });
    expect(rejections.map((r) => [r.sourceKey, r.reasonCode, r.message, r.rawRef])).toEqual([
      [
        '1003/-/-/-',
        'MWL_REJECT_NO_SCHEDULED_DATE',
        'scheduled date (field "scan_date") is empty',
        'record=1003',
      ],
      [
        '1004/-/-/-',
        'MWL_REJECT_INVALID_DATE',
        'scheduled date (field "scan_date") is not a valid date in the configured formats',
        'record=1004',
      ],
    ]);
    expect(
      await prisma.worklistItem.count({ where: { sourceKey: { in: ['1003/-/-/-', '1004/-/-/-'] } } }),
    ).toBe(0);
  });

  dbTest('stores one row per scan event of the longitudinal project', async ({ prisma }) => {
    await syncFixture(
      prisma,
      'longitudinal',
      redcapSourceFixture('longitudinal', { config: { request: FAST_REQUESTS } }),
    );
    const row = {
      ...none,
      modality: 'MR',
      scheduledStationAeTitle: 'SKYRA_3T',
      studyDescription: 'LONGITUDINAL IMAGING',
    };
    expect(await worklistRows(prisma, 'study')).toEqual([
      {
        ...row,
        sourceKey: 'S-01/scan_arm_1/-/-',
        patientName: 'Lima^Golf',
        patientId: 'S-01',
        patientBirthDate: '19880601',
        patientSex: 'F',
        patientWeightKg: 72.5,
        spsStartDate: '20260312',
        spsStartTime: '080000',
        spsStartAt: '2026-03-12T14:00:00.000Z',
      },
      {
        ...row,
        sourceKey: 'S-02/scan_arm_1/-/-',
        patientName: 'Mike^Hotel',
        patientId: 'S-02',
        patientBirthDate: '19751224',
        patientSex: 'M',
        patientWeightKg: 90,
        spsStartDate: '20260312',
        spsStartTime: '103000',
        spsStartAt: '2026-03-12T16:30:00.000Z',
      },
    ]);
    const rejections = await prisma.rejection.findMany({ where: { source: 'study' } });
    expect(rejections.map((r) => [r.sourceKey, r.reasonCode])).toEqual([
      ['S-03/scan_arm_1/-/-', 'MWL_REJECT_NO_SCHEDULED_DATE'],
    ]);
  });
  dbTest('stores one row per scheduled MRI instance of the repeating project', async ({ prisma }) => {
    await syncFixture(prisma, 'repeating', REPEATING_NEW_FORM);
    const row = {
      ...none,
      modality: 'MR',
      scheduledStationAeTitle: 'ANY',
      spsDescription: 'BRAIN_MRI_3T',
      protocolCode: ['BRAIN_MRI_3T', 'GEHC', 'BRAIN_MRI_3T'],
    };
    expect(await worklistRows(prisma, 'study')).toEqual([
      {
        ...row,
        sourceKey: '1/-/mri/1',
        patientName: 'cpip-id-1001^fa-501',
        patientId: 'sub_1001_ses_1_fam_501_site_792',
        patientSex: 'M',
        patientWeightKg: 39.92,
        spsStartDate: '20260310',
        spsStartTime: '083000',
        spsStartAt: '2026-03-10T14:30:00.000Z',
      },
      {
        ...row,
        sourceKey: '1/-/mri/2',
        patientName: 'cpip-id-1001^fa-501',
        patientId: 'sub_1001_ses_2_fam_501_site_792',
        patientSex: 'M',
        patientWeightKg: 40.82,
        spsStartDate: '20260317',
        spsStartTime: '083000',
        spsStartAt: '2026-03-17T14:30:00.000Z',
      },
      {
        ...row,
        sourceKey: '2/-/mri/1',
        patientName: 'cpip-id-1002^fa-502',
        patientId: 'sub_1002_ses_1_fam_502_site_792',
        patientSex: 'F',
        patientWeightKg: 32.43,
        spsStartDate: '20260310',
        spsStartTime: '110000',
        spsStartAt: '2026-03-10T17:00:00.000Z',
      },
    ]);
    const rejections = await prisma.rejection.findMany({ where: { source: 'study' } });
    expect(rejections.map((r) => [r.sourceKey, r.reasonCode])).toEqual([
      ['2/-/mri/2', 'MWL_REJECT_NO_SCHEDULED_DATE'],
    ]);
  });
});
