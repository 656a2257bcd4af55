import { describe, expect, it } from 'vitest';
import { missingFields, parseChoices, parseMetadata } from './metadata.ts';

const metadata = parseMetadata([
  {
    field_name: 'record_id',
    form_name: 'enrollment',
    field_type: 'text',
    select_choices_or_calculations: '',
  },
  {
    field_name: 'sex',
    form_name: 'enrollment',
    field_type: 'radio',
    select_choices_or_calculations: '1, Male | 2, Female',
  },
  {
    field_name: 'consented',
    form_name: 'enrollment',
    field_type: 'yesno',
    select_choices_or_calculations: '',
  },
  {
    field_name: 'race',
    form_name: 'enrollment',
    field_type: 'checkbox',
    select_choices_or_calculations: '1, A | 2, B',
  },
  { field_name: 'mri_date', form_name: 'mri', field_type: 'text', select_choices_or_calculations: '' },
]);

describe('parseMetadata', () => {
  it('takes the first field as the record id', () => {
    expect(metadata.recordIdField).toBe('record_id');
  });

  it.each([
    ['sex', '2', 'Female'],
    ['consented', '1', 'Yes'],
    ['race___2', '1', undefined],
    ['race', '2', 'B'],
    ['mri_date', '1', undefined],
  ])('labels %s=%s as %s', (field, code, label) => {
    expect(metadata.labelOf(field, code)).toBe(label);
  });

  it('refuses an answer without fields', () => {
    expect(() => parseMetadata([])).toThrow(/no field list/);
  });
});

describe('missingFields', () => {
  it('lists the names the project lacks, knowing export-only columns', () => {
    const names = [
      'record_id',
      'mri_date',
      'race___1',
      'mri_complete',
      'redcap_event_name',
      'mri_dat',
      'dob',
      'dob',
    ];
    expect(missingFields(metadata, names)).toEqual(['dob', 'mri_dat']);
  });
});

describe('parseChoices', () => {
  it('keeps commas inside labels', () => {
    expect([...parseChoices('1, Yes, definitely | 2, No')]).toEqual([
      ['1', 'Yes, definitely'],
      ['2', 'No'],
    ]);
  });
});
