import { describe, expect, it } from 'vitest';
import { fieldMappingSchema, specFields, templateProblem, type ValueSpec } from './spec-schema.ts';

const required = {
  patientName: '{last}^{first}',
  patientId: 'record_id',
  modality: { constant: 'MR' },
  scheduledStationAeTitle: { constant: 'MRI_3T' },
};

function problems(mapping: Record<string, unknown>): string[] {
  const result = fieldMappingSchema.safeParse(mapping);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('fieldMappingSchema', () => {
  it('reads a string as a field', () => {
    const result = fieldMappingSchema.parse({ ...required, patientName: 'full_name' });
    expect(result.patientName).toEqual({ field: 'full_name' });
  });

  it('accepts every kind of spec', () => {
    const mapping = {
      ...required,
      patientName: {
        template: 'cpip-id-{s}^fa-{family_id}',
        parts: { s: { field: 'study_id', regex: '([^-]*)$' } },
      },
      patientSex: { field: 'sex', map: { '1': 'F', '2': 'M' }, default: 'O' },
      patientBirthDate: { field: 'dob', format: ['M/d/yyyy', 'yyyy-MM-dd'], on_invalid: 'reject' },
      patientWeightKg: { field: 'wt', unit: 'lb' },
      'extra.PatientComments': 'notes',
      'protocolCode.value': { constant: 'BRAIN' },
      'protocolCode.scheme': { constant: 'LOCAL' },
      'protocolCode.meaning': { constant: 'Brain' },
      durationMinutes: { constant: 45 },
    };
    expect(problems(mapping)).toEqual([]);
    expect(fieldMappingSchema.parse(mapping).durationMinutes).toEqual({ constant: '45' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a missing required field',
      { patientId: 'id', modality: 'm', scheduledStationAeTitle: 'ae' },
      ': must map patientName',
    ],
    [
      'an unknown worklist field',
      { ...required, patient_name: 'x' },
      'patient_name: is not a worklist field',
    ],
    [
      'two sources in one spec',
      { ...required, patientId: { field: 'a', constant: 'b' } },
      'patientId: needs exactly one of',
    ],
    ['no source', { ...required, patientId: { map: { a: 'b' } } }, 'patientId: needs exactly one of'],
    [
      'an invalid regex',
      { ...required, patientId: { field: 'a', regex: '([' } },
      'patientId.regex: is not a valid regular expression',
    ],
    [
      'a group without a regex',
      { ...required, patientId: { field: 'a', group: 1 } },
      'patientId.group: "group" needs a "regex"',
    ],
    [
      'a map on a constant',
      { ...required, modality: { constant: 'MR', map: {} } },
      'modality.map: "map" does not apply to a constant',
    ],
    [
      'a label map on a template',
      { ...required, patientId: { template: '{a}', by: 'label', map: {} } },
      'patientId.by:',
    ],
    [
      'a unit on a name',
      { ...required, patientName: { field: 'n', unit: 'lb' } },
      'patientName.unit: does not apply to patientName',
    ],
    [
      'an unknown unit',
      { ...required, patientWeightKg: { field: 'w', unit: 'stone' } },
      'patientWeightKg.unit: must be one of kg, g, lb',
    ],
    [
      'a format on a text field',
      { ...required, patientId: { field: 'id', format: 'yyyy' } },
      'patientId.format: does not apply',
    ],
    [
      'a template without placeholders',
      { ...required, patientId: { template: 'fixed' } },
      'patientId.template: has no {placeholder}',
    ],
    [
      'an unknown key',
      { ...required, patientId: { field: 'a', regexp: 'x' } },
      'patientId: Unrecognized key',
    ],
    ['half a protocol code', { ...required, 'protocolCode.value': 'p' }, ': protocolCode needs all of'],
    [
      'a template part that is not a field',
      { ...required, patientId: { template: '{a}', parts: { a: { constant: 'x' } } } },
      'patientId.parts.a: a template part must name a "field"',
    ],
  ])('reports %s', (_name, mapping, expected) => {
    expect(problems(mapping).join('\n')).toContain(expected);
  });
});

describe('templateProblem', () => {
  it.each([
    ['{a}^{b}', undefined],
    ['{{literal}} {a}', undefined],
    ['{a', 'has an unbalanced "{" or "}"'],
    ['{a b}', 'placeholders must be {field_name} (letters, digits, _)'],
  ])('checks %s', (template, expected) => {
    expect(templateProblem(template)).toBe(expected);
  });
});

describe('specFields', () => {
  it.each<[ValueSpec, string[]]>([
    [{ field: 'a' }, ['a']],
    [{ constant: 'x' }, []],
    [{ template: '{a}-{b}-{{c}}', parts: { b: { field: 'real_b' } } }, ['a', 'real_b']],
  ])('lists the fields %j reads', (spec, fields) => {
    expect(specFields(spec)).toEqual(fields);
  });
});
