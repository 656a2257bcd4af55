import { describe, expect, it } from 'vitest';
import { mapRow, type EntryMapping, type MapResult } from './map-entry.ts';

const mapping: EntryMapping = {
  schedule: { date: { field: 'scan_date' }, time: { field: 'scan_time' } },
  fields: {
    patientName: { template: '{last_name}^{first_name}' },
    patientId: { template: 'SUB-{record_id}' },
    patientBirthDate: { field: 'dob' },
    patientSex: { field: 'sex', map: { '1': 'F', '2': 'M', '3': 'O' } },
    patientWeightKg: { field: 'weight_lb', unit: 'lb' },
    modality: { constant: 'mr' },
    scheduledStationAeTitle: { field: 'scanner', map: { '1': 'PRISMA_3T', '2': 'SKYRA_3T' } },
    studyDescription: { field: 'study' },
    'protocolCode.value': { constant: 'BRAIN' },
    'protocolCode.scheme': { constant: 'LOCAL' },
    'protocolCode.meaning': { constant: 'Brain routine' },
    'extra.PatientComments': { field: 'notes' },
  },
};

const row = {
  record_id: '1001',
  last_name: 'Test',
  first_name: 'Alpha',
  dob: '1985-04-12',
  sex: '1',
  weight_lb: '150',
  scan_date: '2026-03-10',
  scan_time: '09:30',
  scanner: '1',
  study: 'Volunteer registry',
  notes: 'claustrophobic',
};

const map = (values: Record<string, string>, m: EntryMapping = mapping): MapResult =>
  mapRow(
    m,
    { row: values, sourceKey: '1001/-/-/-', rawRef: 'record=1001' },
    { source: 'registry', timezone: 'America/Edmonton' },
  );

describe('mapRow', () => {
  it('builds a canonical entry from a row', () => {
    expect(map(row)).toEqual({
      ok: true,
      warnings: [],
      entry: {
        source: 'registry',
        sourceKey: '1001/-/-/-',
        patientName: 'Test^Alpha',
        patientId: 'SUB-1001',
        patientBirthDate: '19850412',
        patientSex: 'F',
        patientWeightKg: 68.04,
        modality: 'MR',
        scheduledStationAeTitle: 'PRISMA_3T',
        studyDescription: 'Volunteer registry',
        protocolCode: { value: 'BRAIN', scheme: 'LOCAL', meaning: 'Brain routine' },
        extra: { PatientComments: 'claustrophobic' },
        spsStartDate: '20260310',
        spsStartTime: '093000',
        spsStartAt: '2026-03-10T09:30:00-06:00',
        timezone: 'America/Edmonton',
        status: 'SCHEDULED',
      },
    });
  });

  it('drops a trailing empty name component', () => {
    const result = map({ ...row, first_name: '' });
    expect(result.ok && result.entry.patientName).toBe('Test');
  });

  it('leaves a year-only birth date out with a warning and keeps the entry', () => {
    const result = map({ ...row, dob: '1985' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.entry.patientBirthDate).toBeUndefined();
    expect(result.warnings).toEqual([
      {
        sourceKey: '1001/-/-/-',
        code: 'MWL_WARN_PARTIAL_DATE',
        field: 'patientBirthDate',
        message: 'patientBirthDate (field "dob") has only a year (or year and month); left empty',
        rawRef: 'record=1001',
      },
    ]);
  });

  it('rejects a year-only birth date when its spec says on_invalid reject', () => {
    const strict = {
      ...mapping,
      fields: { ...mapping.fields, patientBirthDate: { field: 'dob', on_invalid: 'reject' as const } },
    };
    const result = map({ ...row, dob: '1985' }, strict);
    expect(result).toMatchObject({
      ok: false,
      rejection: { reasonCode: 'MWL_REJECT_INVALID_DATE', fields: ['patientBirthDate'] },
    });
  });

  it('leaves an unmapped sex code out with a warning', () => {
    const result = map({ ...row, sex: '9' });
    expect(result.ok && result.entry.patientSex).toBeUndefined();
    expect(result.warnings.map((w) => [w.code, w.field])).toEqual([['MWL_WARN_VALUE_OMITTED', 'patientSex']]);
  });

  it('leaves an optional value the entry schema refuses out with a warning', () => {
    const result = map({ ...row, study: 'x'.repeat(65) });
    expect(result.ok && result.entry.studyDescription).toBeUndefined();
    expect(result.warnings.map((w) => [w.code, w.field])).toEqual([
      ['MWL_WARN_VALUE_OMITTED', 'studyDescription'],
    ]);
  });

  it.each<[string, Record<string, string>, string, string[]]>([
    ['no scheduled date', { scan_date: '' }, 'MWL_REJECT_NO_SCHEDULED_DATE', ['spsStartDate']],
    ['an invalid scheduled date', { scan_date: '03/11/2026' }, 'MWL_REJECT_INVALID_DATE', ['spsStartDate']],
    ['no scheduled time', { scan_time: '' }, 'MWL_REJECT_NO_SCHEDULED_TIME', ['spsStartTime']],
    ['an empty name', { last_name: '', first_name: '' }, 'MWL_REJECT_MISSING_FIELD', ['patientName']],
    ['an unknown scanner', { scanner: '7' }, 'MWL_REJECT_INVALID_VALUE', ['scheduledStationAeTitle']],
    ['a patient id longer than LO', { record_id: '9'.repeat(70) }, 'MWL_REJECT_INVALID_VALUE', ['patientId']],
    [
      'no date and no name',
      { scan_date: '', last_name: '', first_name: '' },
      'MWL_REJECT_NO_SCHEDULED_DATE',
      ['spsStartDate', 'patientName'],
    ],
  ])('rejects a row with %s', (_name, change, reasonCode, fields) => {
    const result = map({ ...row, ...change });
    expect(result).toMatchObject({
      ok: false,
      rejection: { sourceKey: '1001/-/-/-', reasonCode, fields, rawRef: 'record=1001' },
    });
  });

  it('never puts a row value in a rejection or warning', () => {
    const values = {
      ...row,
      last_name: '',
      first_name: '',
      scan_date: '11/03/2026',
      dob: '1985',
      scanner: '7',
    };
    const result = map(values);
    const text = JSON.stringify(result.ok ? result.warnings : [result.rejection, result.warnings]);
    for (const secret of ['11/03/2026', '1985', 'Alpha', 'claustrophobic', '"7"'])
      expect(text).not.toContain(secret);
  });

  it('warns when the scheduled time falls in the spring-forward gap', () => {
    const result = map({ ...row, scan_date: '2026-03-08', scan_time: '02:30' });
    expect(result.ok && result.entry.spsStartTime).toBe('033000');
    expect(result.warnings.map((w) => w.code)).toEqual(['MWL_WARN_DST_NONEXISTENT_TIME']);
  });

  it('gives the scheduled start of a row rejected for another reason', () => {
    const result = map({ ...row, last_name: '', first_name: '' });
    expect(result).toMatchObject({ ok: false, spsStartAt: '2026-03-10T09:30:00-06:00' });
  });
});
