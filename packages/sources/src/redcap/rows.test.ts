import { describe, expect, it } from 'vitest';
import { rawRefOf, selectRows, sourceKeyOf, type RedcapRow } from './rows.ts';

const keys = (rows: readonly RedcapRow[], selection: Parameters<typeof selectRows>[2], id = 'record_id') =>
  selectRows(rows, id, selection).selected.map((row) => row.sourceKey);

describe('selectRows in a classic project', () => {
  const rows = [
    { record_id: '1', name: 'A', scan_date: '2026-03-10' },
    { record_id: '2', name: 'B', scan_date: '' },
  ];

  it('takes every record row, keyed by the record alone', () => {
    expect(keys(rows, {})).toEqual(['1/-/-/-', '2/-/-/-']);
  });

  it('skips rows whose required field is empty, and counts them', () => {
    const result = selectRows(rows, 'record_id', { requireNonEmpty: ['scan_date'] });
    expect(result.selected.map((r) => r.sourceKey)).toEqual(['1/-/-/-']);
    expect(result.skipped).toBe(1);
  });
});

describe('selectRows in a longitudinal project', () => {
  const rows = [
    { subject_id: 'S-01', redcap_event_name: 'enrollment_arm_1', surname: 'Lima', visit: '' },
    { subject_id: 'S-01', redcap_event_name: 'scan_arm_1', surname: '', visit: '2026-03-12 08:00' },
    { subject_id: 'S-01', redcap_event_name: 'scan_2_arm_1', surname: '', visit: '2026-04-12 08:00' },
    { subject_id: 'S-02', redcap_event_name: 'enrollment_arm_1', surname: 'Mike', visit: '' },
  ];

  it('takes the rows of the selected event, keyed by record and event', () => {
    expect(keys(rows, { events: ['scan_arm_1'] }, 'subject_id')).toEqual(['S-01/scan_arm_1/-/-']);
  });

  it('fills a row from the base row of another event', () => {
    const [row] = selectRows(rows, 'subject_id', { events: ['scan_arm_1'] }).selected;
    expect(row?.values).toMatchObject({
      surname: 'Lima',
      visit: '2026-03-12 08:00',
      redcap_event_name: 'scan_arm_1',
    });
  });

  it('takes several events', () => {
    expect(keys(rows, { events: ['scan_arm_1', 'scan_2_arm_1'] }, 'subject_id')).toEqual([
      'S-01/scan_arm_1/-/-',
      'S-01/scan_2_arm_1/-/-',
    ]);
  });
});

describe('selectRows in a project with a repeating instrument', () => {
  const rows = [
    {
      record_id: '1',
      redcap_repeat_instrument: '',
      redcap_repeat_instance: '',
      study_id: 'cpip-id-1001',
      mri_date: '',
    },
    {
      record_id: '1',
      redcap_repeat_instrument: 'mri',
      redcap_repeat_instance: '1',
      study_id: '',
      mri_date: '2026-03-10',
    },
    {
      record_id: '1',
      redcap_repeat_instrument: 'mri',
      redcap_repeat_instance: '2',
      study_id: '',
      mri_date: '2026-03-17',
    },
    {
      record_id: '1',
      redcap_repeat_instrument: 'consent',
      redcap_repeat_instance: '1',
      study_id: '',
      mri_date: '',
    },
    {
      record_id: '2',
      redcap_repeat_instrument: '',
      redcap_repeat_instance: '',
      study_id: 'cpip-id-1002',
      mri_date: '',
    },
  ];

  it('takes the instances of the selected instrument, keyed by record, instrument and instance', () => {
    expect(keys(rows, { instrument: 'mri' })).toEqual(['1/-/mri/1', '1/-/mri/2']);
  });

  it('merges the record base row (demographics) into each instance', () => {
    const selected = selectRows(rows, 'record_id', { instrument: 'mri' }).selected;
    expect(selected.map((row) => [row.values.study_id, row.values.mri_date])).toEqual([
      ['cpip-id-1001', '2026-03-10'],
      ['cpip-id-1001', '2026-03-17'],
    ]);
  });

  it('lets an instance value win over the base row', () => {
    const withOverride = [rows[0]!, { ...rows[1]!, study_id: 'override' }];
    const [row] = selectRows(withOverride, 'record_id', { instrument: 'mri' }).selected;
    expect(row?.values.study_id).toBe('override');
  });

  it('takes the base rows when no instrument is selected', () => {
    expect(keys(rows, {})).toEqual(['1/-/-/-', '2/-/-/-']);
  });

  it('keys repeating events by instance without an instrument', () => {
    const repeatingEvent = [
      {
        record_id: '7',
        redcap_event_name: 'visit_arm_1',
        redcap_repeat_instrument: '',
        redcap_repeat_instance: '3',
      },
    ];
    expect(keys(repeatingEvent, { events: ['visit_arm_1'] })).toEqual(['7/visit_arm_1/-/3']);
  });
});

describe('source keys and raw references', () => {
  it.each([
    [{ record: '12', event: '', instrument: '', instance: '' }, '12/-/-/-', 'record=12'],
    [
      { record: '12', event: 'baseline_arm_1', instrument: 'mri', instance: '2' },
      '12/baseline_arm_1/mri/2',
      'record=12 event=baseline_arm_1 instrument=mri instance=2',
    ],
    [
      { record: 'A/B 1', event: '', instrument: 'mri', instance: '1' },
      'A%2FB%201/-/mri/1',
      'record=A/B 1 instrument=mri instance=1',
    ],
  ])('keys %j as %s', (key, sourceKey, rawRef) => {
    expect(sourceKeyOf(key)).toBe(sourceKey);
    expect(rawRefOf(key)).toBe(rawRef);
  });
});
