import { describe, expect, it } from 'vitest';
import { convertForTarget, type Converted } from './convert.ts';
import type { ValueSpec } from './spec-schema.ts';
import type { TargetKind } from './targets.ts';

const ok = (value: string | number): Converted => ({ kind: 'value', value });
const bad = (reason: string, partial = false): Converted => ({ kind: 'invalid', reason, partial });

describe('convertForTarget', () => {
  it.each<[string, TargetKind, string, ValueSpec, Converted]>([
    // dates: REDCap's Y-M-D export and DA itself by default; explicit formats otherwise
    ['a REDCap date', 'date', '2012-05-09', {}, ok('20120509')],
    ['a DA date', 'date', '20120509', {}, ok('20120509')],
    ['a US date with its format', 'date', '5/9/2012', { format: 'M/d/yyyy' }, ok('20120509')],
    [
      'a date with a list of formats',
      'date',
      '09.05.2012',
      { format: ['M/d/yyyy', 'dd.MM.yyyy'] },
      ok('20120509'),
    ],
    ['an impossible date', 'date', '2026-02-30', {}, bad('is not a date in the configured formats')],
    ['a year-only date', 'date', '2012', {}, bad('has only a year (or year and month)', true)],
    ['a year-month date', 'date', '2012-05', {}, bad('has only a year (or year and month)', true)],
    ['a date in another format', 'date', '05/09/2012', {}, bad('is not a date in the configured formats')],
    // sex: M/F/O and their words; raw codes need a map
    ['sex M', 'sex', 'm', {}, ok('M')],
    ['sex Female', 'sex', 'Female', {}, ok('F')],
    ['sex other', 'sex', 'OTHER', {}, ok('O')],
    ['a raw sex code', 'sex', '2', {}, bad('is not M, F or O (translate the source codes with "map")')],
    // weights in kg, from pounds and grams
    ['a weight in kg', 'weight', '61.5', {}, ok(61.5)],
    ['a weight in pounds', 'weight', '150', { unit: 'lb' }, ok(68.04)],
    ['a weight in pounds with a decimal comma', 'weight', '200,5', { unit: 'lb' }, ok(90.95)],
    ['a weight in grams', 'weight', '3500', { unit: 'g' }, ok(3.5)],
    ['a weight that is not a number', 'weight', 'about 70', {}, bad('is not a number')],
    ['a zero weight', 'weight', '0', {}, bad('is not a positive number')],
    // sizes in m
    ['a size in cm', 'size', '172', { unit: 'cm' }, ok(1.72)],
    ['a size in inches', 'size', '68', { unit: 'in' }, ok(1.727)],
    // names, codes, minutes, status
    [
      'a person name with spaces and trailing components',
      'person-name',
      ' Doe ^ Jane ^^',
      {},
      ok('Doe^Jane'),
    ],
    ['an empty person name', 'person-name', '^^', {}, bad('is an empty name')],
    ['a modality in lower case', 'code', ' mr ', {}, ok('MR')],
    ['a duration', 'minutes', '45', {}, ok(45)],
    ['a bad duration', 'minutes', '45.5', {}, bad('is not a whole number of minutes')],
    ['a status', 'status', 'cancelled', {}, ok('CANCELED')],
    [
      'an MPPS-owned status',
      'status',
      'COMPLETED',
      {},
      bad('is not one of SCHEDULED, ARRIVED, READY, CANCELED'),
    ],
    ['text', 'text', '  SUB-1 ', {}, ok('SUB-1')],
  ])('converts %s', (_name, kind, text, spec, expected) => {
    expect(convertForTarget(kind, text, spec)).toEqual(expected);
  });
});
