import { describe, expect, it } from 'vitest';
import {
  convertPylantirCalpendoMapping,
  isPylantirCalpendoMapping,
  pythonRegexToJs,
} from './pylantir-mapping.ts';

describe('isPylantirCalpendoMapping', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['a Calpendo field mapped to a column', { 'resource.formattedName': 'modality' }, true],
    ['a column read from a field', { accession_number: 'id' }, true],
    ['an extraction', { title: { _extract: { patient_id: { pattern: 'x' } } } }, true],
    ['a source_field', { patient_id: { source_field: 'title' } }, true],
    [
      'Pylantir status and modality keys',
      { status: 'performed_procedure_step_status', modality: 'resource.name' },
      true,
    ],
    ['our worklist fields', { patientId: { field: 'title', regex: 'x' } }, false],
    ['our fields beside a Pylantir-looking one', { patientId: 'title', x: 'patient_name' }, false],
    ['only modality, read the same way in both forms', { modality: 'resource.name' }, false],
    ['nothing', {}, false],
    ['only comments', { _comment: 'patient_id' }, false],
  ])('says %s is %s', (_name, mapping, expected) => {
    expect(isPylantirCalpendoMapping(mapping)).toBe(expected);
  });
});

describe('pythonRegexToJs', () => {
  it.each([
    ['(?P<sid>[A-Z]+)_(?P=sid)', '(?<sid>[A-Z]+)_\\k<sid>'],
    ['\\A[0-9]+\\Z', '^[0-9]+$'],
    ['^([^(]+)', '^([^(]+)'],
  ])('turns %s into %s', (python, js) => {
    expect(pythonRegexToJs(python)).toBe(js);
  });
});

describe('convertPylantirCalpendoMapping', () => {
  it('reads the modality of a resource field through the modality map, else the field itself', () => {
    expect(convertPylantirCalpendoMapping({ 'resource.formattedName': 'modality' }).field_mapping).toEqual({
      modality: { field: 'resource.modality' },
    });
    expect(convertPylantirCalpendoMapping({ modality: 'biskitType' }).field_mapping).toEqual({
      modality: { field: 'biskitType' },
    });
  });

  it('converts pounds to kilograms like the REDCap legacy form', () => {
    expect(convertPylantirCalpendoMapping({ weight: 'patient_weight_lb' }).field_mapping).toEqual({
      patientWeightKg: { field: 'weight', unit: 'lb' },
    });
  });

  it('notes every column it leaves to the plugin', () => {
    const { field_mapping, notes } = convertPylantirCalpendoMapping({
      formattedName: { _extract: { scheduled_start_date: { pattern: '^\\[([0-9-]+)', group: 1 } } },
      status: 'performed_procedure_step_status',
      study_instance_uid: 'id',
    });
    expect(field_mapping).toEqual({});
    expect(notes).toHaveLength(3);
  });
});
