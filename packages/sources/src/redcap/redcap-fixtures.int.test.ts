import { redcapSourceFixture } from '@mwl/testing';
import { describe, expect, it } from 'vitest';
import { SourceFieldsMissingError } from '../errors.ts';
import { collect, FIXTURE_ENTRY_BASE, MARCH, useFixtureSource } from './test-support.ts';

// The recorded-style fixture projects through the real plugin and HTTP: each produces exactly the
// expected canonical entries and rejections.

const base = FIXTURE_ENTRY_BASE;

const start = useFixtureSource();

const classic = redcapSourceFixture('classic');

describe('the classic fixture project', () => {
  it('produces exactly the expected entries', async () => {
    const { source } = await start('classic', classic);
    const result = await collect(source.instance.fetchWindow(MARCH));
    const common = { ...base, modality: 'MR' };
    expect(result.entries).toEqual([
      {
        ...common,
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
        spsStartAt: '2026-03-10T09:30:00-06:00',
      },
      {
        ...common,
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
        spsStartAt: '2026-03-10T14:15:00-06:00',
      },
      {
        ...common,
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
        spsStartAt: '2026-03-08T03:30:00-06:00',
      },
      {
        ...common,
        sourceKey: '1006/-/-/-',
        patientName: 'Mock^Foxtrot',
        patientId: 'REG-1006',
        scheduledStationAeTitle: 'PRISMA_3T',
        requestedProcedureDescription: 'MRI SPINE',
        spsStartDate: '20260311',
        spsStartTime: '074500',
        spsStartAt: '2026-03-11T07:45:00-06:00',
      },
    ]);
  });

  it('rejects the rows with a missing or invalid date, with reasons', async () => {
    const { source } = await start('classic', classic);
    const result = await collect(source.instance.fetchWindow(MARCH));
    expect(result.rejections).toEqual([
      {
        sourceKey: '1003/-/-/-',
        reasonCode: 'MWL_REJECT_NO_SCHEDULED_DATE',
        message: 'scheduled date (field "scan_date") is empty',
        fields: ['spsStartDate'],
        rawRef: 'record=1003',
      },
      {
        sourceKey: '1004/-/-/-',
        reasonCode: 'MWL_REJECT_INVALID_DATE',
        message: 'scheduled date (field "scan_date") is not a valid date in the configured formats',
        fields: ['spsStartDate'],
        rawRef: 'record=1004',
      },
    ]);
  });

  it('warns about the year-only birth date and the time in the DST gap', async () => {
    const { source } = await start('classic', classic);
    const result = await collect(source.instance.fetchWindow(MARCH));
    expect(result.warnings.map((w) => [w.sourceKey, w.code, w.field])).toEqual([
      ['1005/-/-/-', 'MWL_WARN_DST_NONEXISTENT_TIME', 'spsStartTime'],
      ['1006/-/-/-', 'MWL_WARN_PARTIAL_DATE', 'patientBirthDate'],
    ]);
  });

  it('ends a full fetch as a complete snapshot with the keys it saw', async () => {
    const { source } = await start('classic', classic);
    const { end } = await collect(source.instance.fetchWindow(MARCH));
    expect(end).toEqual({
      type: 'end',
      complete: true,
      seenKeys: ['1001/-/-/-', '1002/-/-/-', '1005/-/-/-', '1006/-/-/-'],
      rejectedKeys: ['1003/-/-/-', '1004/-/-/-'],
      stats: { rows: 6, entries: 4, rejections: 2, skipped: 0, outsideWindow: 0 },
    });
  });

  it('keeps patient values out of the logs', async () => {
    const { source } = await start('classic', classic);
    await collect(source.instance.fetchWindow(MARCH));
    const logged = JSON.stringify(source.logger.lines);
    expect(source.logger.lines.length).toBeGreaterThan(0);
    for (const value of ['Alpha', 'Sample', '1985-04-12', 'REG-1001']) expect(logged).not.toContain(value);
  });
});

describe('the longitudinal fixture project', () => {
  const longitudinal = redcapSourceFixture('longitudinal');

  it('produces one entry per scan event, with the enrollment demographics', async () => {
    const { source } = await start('longitudinal', longitudinal);
    const result = await collect(source.instance.fetchWindow(MARCH));
    const common = {
      ...base,
      modality: 'MR',
      scheduledStationAeTitle: 'SKYRA_3T',
      studyDescription: 'LONGITUDINAL IMAGING',
    };
    expect(result.entries).toEqual([
      {
        ...common,
        sourceKey: 'S-01/scan_arm_1/-/-',
        patientName: 'Lima^Golf',
        patientId: 'S-01',
        patientBirthDate: '19880601',
        patientSex: 'F',
        patientWeightKg: 72.5,
        spsStartDate: '20260312',
        spsStartTime: '080000',
        spsStartAt: '2026-03-12T08:00:00-06:00',
      },
      {
        ...common,
        sourceKey: 'S-02/scan_arm_1/-/-',
        patientName: 'Mike^Hotel',
        patientId: 'S-02',
        patientBirthDate: '19751224',
        patientSex: 'M',
        patientWeightKg: 90,
        spsStartDate: '20260312',
        spsStartTime: '103000',
        spsStartAt: '2026-03-12T10:30:00-06:00',
      },
    ]);
    expect(result.rejections.map((r) => [r.sourceKey, r.reasonCode, r.rawRef])).toEqual([
      ['S-03/scan_arm_1/-/-', 'MWL_REJECT_NO_SCHEDULED_DATE', 'record=S-03 event=scan_arm_1'],
    ]);
    expect(result.end.stats).toMatchObject({ rows: 7, skipped: 4 });
  });
});

describe('the startup check', () => {
  it('lists the mapped fields the project does not have', async () => {
    const broken = {
      config: { selection: { date_field: 'scan_dat', time_field: 'scan_time' } },
      field_mapping: { ...classic.field_mapping, patientWeightKg: { field: 'weight_kg' } },
    };
    const { source } = await start('classic', broken);
    const error = await source.instance.checkStartup!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceFieldsMissingError);
    expect(error).toMatchObject({
      code: 'MWL_ERR_SOURCE_FIELDS_MISSING',
      missingFields: ['scan_dat', 'weight_kg'],
    });
    expect((error as Error).message).toContain('"scan_dat", "weight_kg"');
  });

  it('passes when every mapped field exists', async () => {
    const { source } = await start('classic', classic);
    await expect(source.instance.checkStartup!()).resolves.toBeUndefined();
  });
});
