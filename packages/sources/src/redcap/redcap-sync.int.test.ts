import { loadFakeRedcapFixture, redcapSourceFixture, startFakeRedcap, type FakeRedcap } from '@mwl/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, createTestSource, MARCH, type TestSource } from './test-support.ts';

// Incremental (modification range) and full (snapshot) fetches against the fake server's clock.
// The fake's clock and the plugin's server timezone are both America/Edmonton (UTC-7 on 1 March).

const classic = redcapSourceFixture('classic-short');
/** 08:00–09:00 local on 1 March. */
const HOUR = {
  kind: 'incremental' as const,
  from: new Date('2026-03-01T15:00:00Z'),
  to: new Date('2026-03-01T16:00:00Z'),
};

let fake: FakeRedcap;
let source: TestSource | undefined;
afterEach(async () => {
  await source?.close();
  await fake.close();
  source = undefined;
});

async function start(
  config: Record<string, unknown> = {},
  fixture: 'classic' | 'repeating' = 'classic',
  mapping?: unknown,
) {
  fake = await startFakeRedcap({
    fixture: loadFakeRedcapFixture(fixture),
    timezone: 'America/Edmonton',
    now: '2026-03-01 08:00:00',
  });
  source = await createTestSource(
    { config: { ...classic.config, ...config }, field_mapping: mapping ?? classic.field_mapping },
    fake,
  );
  return source;
}

describe('an incremental fetch', () => {
  it('asks REDCap for the modification range in the server timezone', async () => {
    const { instance } = await start();
    await collect(instance.fetchWindow(HOUR));
    expect(fake.requests.at(-1)).toMatchObject({
      content: 'record',
      dateRangeBegin: '2026-03-01 08:00:00',
      dateRangeEnd: '2026-03-01 09:00:00',
      fields: ['record_id', 'scan_date', 'scan_time', 'last_name', 'first_name'],
    });
  });

  it('returns only the records changed in the range', async () => {
    const { instance } = await start();
    expect((await collect(instance.fetchWindow(HOUR))).entries).toEqual([]);
    fake.advance(600);
    fake.updateRow('1002', {}, { scan_time: '15:00' });
    fake.upsertRecord('1007', [
      { last_name: 'New', first_name: 'Golf', scan_date: '2026-03-20', scan_time: '13:00' },
    ]);
    const result = await collect(instance.fetchWindow(HOUR));
    expect(result.entries.map((e) => [e.sourceKey, e.spsStartTime])).toEqual([
      ['1002/-/-/-', '150000'],
      ['1007/-/-/-', '130000'],
    ]);
  });

  it('is never a complete snapshot', async () => {
    const { instance } = await start();
    fake.advance(60);
    fake.updateRow('1001', {}, { scan_time: '10:00' });
    const { end } = await collect(instance.fetchWindow(HOUR));
    expect(end.complete).toBe(false);
    expect(end.seenKeys).toBeUndefined();
  });

  it('drops entries scheduled outside the requested schedule window', async () => {
    const { instance } = await start();
    fake.advance(60);
    fake.updateRow('1001', {}, { scan_date: '2027-01-05' });
    fake.updateRow('1002', {}, { scan_time: '16:00' });
    const scheduled = { from: new Date('2026-03-01T07:00:00Z'), to: new Date('2026-04-01T06:00:00Z') };
    const result = await collect(instance.fetchWindow({ ...HOUR, scheduled }));
    expect(result.entries.map((e) => e.sourceKey)).toEqual(['1002/-/-/-']);
    expect(result.end.stats.outsideWindow).toBe(1);
  });
});

describe('a full fetch', () => {
  it('keeps only the rows scheduled in the window and says it is complete', async () => {
    const { instance } = await start();
    const window = {
      kind: 'full' as const,
      from: new Date('2026-03-10T06:00:00Z'),
      to: new Date('2026-03-11T06:00:00Z'),
    };
    const { entries, end } = await collect(instance.fetchWindow(window));
    expect(entries.map((e) => e.sourceKey)).toEqual(['1001/-/-/-', '1002/-/-/-']);
    expect(end).toMatchObject({ complete: true, seenKeys: ['1001/-/-/-', '1002/-/-/-'] });
    expect(fake.requests.at(-1)?.dateRangeBegin).toBeUndefined();
  });

  it('asks REDCap to filter on the scheduled date when full_filter_logic is on', async () => {
    const { instance } = await start({
      selection: { ...classic.config.selection, full_filter_logic: true, filter_logic: "[protocol] <> ''" },
    });
    const window = {
      kind: 'full' as const,
      from: new Date('2026-03-10T06:00:00Z'),
      to: new Date('2026-03-11T06:00:00Z'),
    };
    const { entries } = await collect(instance.fetchWindow(window));
    expect(fake.requests.at(-1)?.filterLogic).toBe(
      "([protocol] <> '') and ([scan_date] >= '2026-03-10' and [scan_date] < '2026-03-12')",
    );
    expect(entries.map((e) => e.sourceKey)).toEqual(['1001/-/-/-', '1002/-/-/-']);
  });

  it('no longer sees a deleted record, which an incremental fetch never reports', async () => {
    const { instance } = await start();
    fake.advance(60);
    fake.deleteRecord('1001');
    const incremental = await collect(instance.fetchWindow(HOUR));
    expect(incremental.entries).toEqual([]);
    const full = await collect(instance.fetchWindow(MARCH));
    expect(full.end.complete).toBe(true);
    expect(full.end.seenKeys).not.toContain('1001/-/-/-');
    expect(full.end.seenKeys).toContain('1002/-/-/-');
  });

  it('no longer sees a removed repeat instance', async () => {
    const mapping = {
      patientName: { template: '{study_id}' },
      patientId: 'study_id',
      modality: { constant: 'MR' },
      scheduledStationAeTitle: { constant: 'MRI_3T' },
    };
    const selection = { instrument: 'mri', date_field: 'mri_date', time_field: 'mri_time' };
    const { instance } = await start({ selection }, 'repeating', mapping);
    const before = await collect(instance.fetchWindow(MARCH));
    expect(before.end.seenKeys).toContain('1/-/mri/2');
    fake.removeRepeatInstance('1', 'mri', 2);
    const after = await collect(instance.fetchWindow(MARCH));
    expect(after.end.seenKeys).toEqual(before.end.seenKeys?.filter((key) => key !== '1/-/mri/2'));
  });

  it('streams entries in batches of the configured size', async () => {
    const { instance } = await start({ batch_size: 1 });
    const result = await collect(instance.fetchWindow(MARCH));
    expect(result.batches).toBe(result.entries.length + result.rejections.length);
  });

  it('refreshes the project metadata once per full fetch only', async () => {
    const { instance } = await start();
    await collect(instance.fetchWindow(MARCH));
    await collect(instance.fetchWindow(HOUR));
    await collect(instance.fetchWindow(HOUR));
    expect(fake.stats.byContent).toEqual({ metadata: 1, record: 3 });
  });
});
