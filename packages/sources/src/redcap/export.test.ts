import { describe, expect, it } from 'vitest';
import { encodeForm } from './client.ts';
import { exportRecordsParams, redcapDateTime, scheduledDateFilterLogic, toRows } from './export.ts';

describe('exportRecordsParams', () => {
  it('asks for flat JSON with the lists in REDCap array syntax', () => {
    const body = encodeForm(
      exportRecordsParams({
        fields: ['record_id', 'mri_date'],
        events: ['scan_arm_1'],
        dateRangeBegin: '2026-03-01 08:00:00',
        dateRangeEnd: '2026-03-01 09:00:00',
      }),
    );
    expect(new URLSearchParams(body)).toEqual(
      new URLSearchParams([
        ['content', 'record'],
        ['action', 'export'],
        ['format', 'json'],
        ['type', 'flat'],
        ['fields[0]', 'record_id'],
        ['fields[1]', 'mri_date'],
        ['events[0]', 'scan_arm_1'],
        ['rawOrLabel', 'raw'],
        ['rawOrLabelHeaders', 'raw'],
        ['exportCheckboxLabel', 'false'],
        ['exportSurveyFields', 'false'],
        ['exportDataAccessGroups', 'false'],
        ['dateRangeBegin', '2026-03-01 08:00:00'],
        ['dateRangeEnd', '2026-03-01 09:00:00'],
        ['returnFormat', 'json'],
      ]),
    );
  });

  it('leaves out empty lists and empty logic', () => {
    const params = exportRecordsParams({ records: [], filterLogic: '' });
    expect(params.records).toBeUndefined();
    expect(params.filterLogic).toBeUndefined();
  });
});

describe('redcapDateTime', () => {
  it.each([
    ['2026-03-01T15:00:00Z', 'America/Edmonton', '2026-03-01 08:00:00'],
    ['2026-07-01T15:00:00.999Z', 'America/Edmonton', '2026-07-01 09:00:00'],
    ['2026-03-01T15:00:00Z', 'UTC', '2026-03-01 15:00:00'],
  ])('formats %s in %s as %s', (instant, zone, expected) => {
    expect(redcapDateTime(new Date(instant), zone)).toBe(expected);
  });
});

describe('scheduledDateFilterLogic', () => {
  it('bounds the date field by the local days of the window', () => {
    const logic = scheduledDateFilterLogic(
      'mri_date',
      new Date('2026-03-01T07:00:00Z'),
      new Date('2026-03-15T05:59:59Z'),
      'America/Edmonton',
    );
    expect(logic).toBe("[mri_date] >= '2026-03-01' and [mri_date] < '2026-03-15'");
  });
});

describe('toRows', () => {
  it('turns every value into text', () => {
    expect(toRows([{ a: 1, b: null, c: 'x' }])).toEqual([{ a: '1', b: '', c: 'x' }]);
  });

  it.each([[{}], ['text'], [[1]]])('refuses %j', (answer) => {
    expect(() => toRows(answer)).toThrow(/REDCap/);
  });
});
