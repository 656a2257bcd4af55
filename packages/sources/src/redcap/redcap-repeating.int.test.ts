import { PYLANTIR_REPEATING_CONFIG, redcapSourceFixture } from '@mwl/testing';
import { describe, expect, it } from 'vitest';
import { redcapLegacyMapping } from './legacy.ts';
import { collect, FIXTURE_ENTRY_BASE, MARCH, useFixtureSource } from './test-support.ts';

// The repeating-instrument fixture (Pylantir's CPIP layout): one entry per MRI instance, the same
// entries from Pylantir's legacy config as from its new-form equivalent, and targeted fetches.

const base = FIXTURE_ENTRY_BASE;

const start = useFixtureSource();

describe('the repeating-instrument fixture project', () => {
  const legacy = PYLANTIR_REPEATING_CONFIG;
  const newForm = redcapSourceFixture('repeating');
  const common = {
    ...base,
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_SCANNER',
    spsDescription: 'BRAIN_MRI_3T',
    protocolCode: { value: 'BRAIN_MRI_3T', scheme: 'GEHC', meaning: 'BRAIN_MRI_3T' },
  };
  const expected = [
    {
      ...common,
      sourceKey: '1/-/mri/1',
      patientName: 'cpip-id-1001^fa-501',
      patientId: 'sub_1001_ses_1_fam_501_site_792',
      patientSex: 'M',
      patientWeightKg: 39.92,
      spsStartDate: '20260310',
      spsStartTime: '083000',
      spsStartAt: '2026-03-10T08:30:00-06:00',
    },
    {
      ...common,
      sourceKey: '1/-/mri/2',
      patientName: 'cpip-id-1001^fa-501',
      patientId: 'sub_1001_ses_2_fam_501_site_792',
      patientSex: 'M',
      patientWeightKg: 40.82,
      spsStartDate: '20260317',
      spsStartTime: '083000',
      spsStartAt: '2026-03-17T08:30:00-06:00',
    },
    {
      ...common,
      sourceKey: '2/-/mri/1',
      patientName: 'cpip-id-1002^fa-502',
      patientId: 'sub_1002_ses_1_fam_502_site_792',
      patientSex: 'F',
      patientWeightKg: 32.43,
      spsStartDate: '20260310',
      spsStartTime: '110000',
      spsStartAt: '2026-03-10T11:00:00-06:00',
    },
  ];

  it('produces one entry per scheduled MRI instance over the enrollment row', async () => {
    const { source } = await start('repeating', newForm);
    const result = await collect(source.instance.fetchWindow(MARCH));
    expect(result.entries).toEqual(expected);
    expect(result.rejections.map((r) => [r.sourceKey, r.reasonCode])).toEqual([
      ['2/-/mri/2', 'MWL_REJECT_NO_SCHEDULED_DATE'],
    ]);
    expect(result.end.stats).toMatchObject({ rows: 9, entries: 3, rejections: 1, skipped: 5 });
  });

  it("yields the same entries from Pylantir's legacy config as from its new-form equivalent", async () => {
    const converted = redcapLegacyMapping(legacy);
    const { source } = await start('repeating', {
      config: converted.config,
      field_mapping: converted.field_mapping,
    });
    const result = await collect(source.instance.fetchWindow(MARCH));
    expect(result.entries).toEqual(expected);
  });

  it('fetches only the records asked for by key', async () => {
    const { fake, source } = await start('repeating', newForm);
    const result = await collect(source.instance.fetchKeys!(['2', ' 2 ']));
    expect(result.entries.map((e) => e.sourceKey)).toEqual(['2/-/mri/1']);
    expect(result.end.complete).toBe(false);
    expect(fake.requests.at(-1)).toMatchObject({ content: 'record', records: ['2'] });
  });
});
