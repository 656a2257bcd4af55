import { describe, expect, it } from 'vitest';
import type { NaturalizedDataset } from './identifier-values.ts';
import { planQuery } from './match-plan.ts';
import type { MatchCondition, MatchPlan, PlanOptions, PlanResult } from './index.ts';

function planOf(identifier: NaturalizedDataset, options?: PlanOptions): MatchPlan {
  const result = planQuery(identifier, options);
  if (!result.ok) throw new Error(`expected a plan, got ${result.reason}`);
  return result.plan;
}

/** Non-universal conditions without their path (the path has its own tests). */
function conditionsOf(identifier: NaturalizedDataset, options?: PlanOptions): Partial<MatchCondition>[] {
  return planOf(identifier, options)
    .conditions.filter((condition) => condition.kind !== 'universal')
    .map(({ path: _path, ...rest }) => rest);
}

const sps = (item: NaturalizedDataset) => ({ ScheduledProcedureStepSequence: [item] });

function failure(result: PlanResult): { reason: string; offendingElements: string[]; status: number } {
  if (result.ok) throw new Error('expected a failure');
  return result;
}

describe('planQuery: universal matching', () => {
  it.each([
    ['a zero-length string', ''],
    ['a null (dcmjs zero-length element)', null],
    ['a lone asterisk', '*'],
    ['padding spaces only', '  '],
  ])('treats %s as universal matching that asks for the attribute', (_label, value) => {
    const plan = planOf({ PatientName: value });
    expect(plan.conditions).toEqual([
      { kind: 'universal', column: 'patient_name', path: 'PatientName', excludeEmpty: false },
    ]);
    expect(plan.returnKeys.map((key) => key.keyword)).toEqual(['PatientName']);
  });

  it('answers an empty identifier with no condition and default visibility', () => {
    const result = planQuery({});
    expect(result).toMatchObject({ ok: true, status: 0xff00, warnings: [] });
    expect(planOf({})).toMatchObject({ conditions: [], returnKeys: [], visibility: { kind: 'default' } });
  });
});

describe('planQuery: single value and wild card matching', () => {
  it.each<[string, NaturalizedDataset, PlanOptions | undefined, Partial<MatchCondition>]>([
    [
      'Patient ID exactly',
      { PatientID: 'SUB-1001' },
      undefined,
      { kind: 'single', column: 'patient_id', value: 'SUB-1001', caseInsensitive: false },
    ],
    [
      'a PN ignoring case by default',
      { PatientName: 'DOE^JOHN' },
      undefined,
      { kind: 'single', column: 'patient_name', value: 'DOE^JOHN', caseInsensitive: true },
    ],
    [
      'a PN case-sensitively when configured',
      { PatientName: 'DOE^JOHN' },
      { pnCaseInsensitive: false },
      { kind: 'single', value: 'DOE^JOHN', caseInsensitive: false },
    ],
    [
      'a PN without its trailing empty components',
      { PatientName: 'DOE^JOHN^^^' },
      undefined,
      { kind: 'single', value: 'DOE^JOHN' },
    ],
    [
      'a PN given as a dcmjs object',
      { PatientName: { Alphabetic: 'Doe^John' } },
      undefined,
      { kind: 'single', value: 'Doe^John' },
    ],
    [
      'a family name alone as the whole value (DOE is not DOE^JOHN)',
      { PatientName: 'DOE' },
      undefined,
      { kind: 'single', value: 'DOE' },
    ],
    [
      'a PN with * as a wild card',
      { PatientName: 'DOE*' },
      undefined,
      { kind: 'wildcard', column: 'patient_name', pattern: 'DOE*', caseInsensitive: true },
    ],
    [
      'a PN with ? as a wild card',
      { PatientName: 'D?E^J*' },
      undefined,
      { kind: 'wildcard', pattern: 'D?E^J*' },
    ],
    [
      'an accession number with wild cards',
      { AccessionNumber: 'ACC*' },
      undefined,
      { kind: 'wildcard', column: 'accession_number', pattern: 'ACC*', caseInsensitive: false },
    ],
    [
      'SQL specials raw, for the SQL builder to escape',
      { AccessionNumber: "'; DROP TABLE x; --%_" },
      undefined,
      { kind: 'single', value: "'; DROP TABLE x; --%_" },
    ],
    ['a value without its padding', { AccessionNumber: ' A1 ' }, undefined, { kind: 'single', value: 'A1' }],
    [
      'Patient ID with * literally (single value only)',
      { PatientID: 'SUB*' },
      undefined,
      { kind: 'single', value: 'SUB*' },
    ],
    [
      'Patient ID with * as a wild card when the extension is on',
      { PatientID: 'SUB*' },
      { wildcardInSingleValueKeys: true },
      { kind: 'wildcard', pattern: 'SUB*' },
    ],
    [
      'the referring physician by wild card',
      { ReferringPhysicianName: 'SMITH*' },
      undefined,
      { kind: 'wildcard', column: 'referring_physician_name' },
    ],
    [
      'the patient sex',
      { PatientSex: 'F' },
      undefined,
      { kind: 'single', column: 'patient_sex', value: 'F' },
    ],
    [
      'one Study Instance UID',
      { StudyInstanceUID: '1.2.3' },
      undefined,
      { kind: 'single', column: 'study_instance_uid', value: '1.2.3' },
    ],
  ])('matches %s', (_label, identifier, options, expected) => {
    expect(conditionsOf(identifier, options)).toEqual([
      expect.objectContaining({ ...expected, excludeEmpty: true }),
    ]);
  });

  it('warns when a wild card is matched literally in a single-value key', () => {
    const result = planQuery(sps({ ScheduledStationAETitle: 'MRI*' }));
    expect(result).toMatchObject({ ok: true, status: 0xff00 });
    if (result.ok) {
      expect(result.warnings).toEqual([
        { code: 'wildcard-in-single-value-key', keyword: 'ScheduledStationAETitle' },
      ]);
    }
  });

  it('refuses several values in a single-value key with 0xA900 naming the element', () => {
    expect(failure(planQuery(sps({ Modality: 'MR\\CT' })))).toMatchObject({
      status: 0xa900,
      offendingElements: ['00080060'],
    });
  });
});

describe('planQuery: lists', () => {
  it.each([
    ['a backslash-separated string', '1.2.3\\1.2.4'],
    ['an array (dcmjs multi-value)', ['1.2.3', '1.2.4']],
  ])('matches a list of UIDs given as %s', (_label, value) => {
    expect(conditionsOf({ StudyInstanceUID: value })).toEqual([
      { kind: 'list', column: 'study_instance_uid', values: ['1.2.3', '1.2.4'], excludeEmpty: true },
    ]);
  });

  it('refuses a malformed UID with 0xA900', () => {
    expect(failure(planQuery({ StudyInstanceUID: '1.2.03' })).offendingElements).toEqual(['0020000D']);
  });
});
