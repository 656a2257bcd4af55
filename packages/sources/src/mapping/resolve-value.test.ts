import { describe, expect, it } from 'vitest';
import { resolveText, type ResolvedText } from './resolve-value.ts';
import type { ValueSpec } from './spec-schema.ts';

const row = {
  study_id: 'cpip-id-1001',
  family_id: 'fa-501',
  last_name: '  Doe ',
  first_name: 'Jane',
  middle: '',
  sex: '2',
  sex_text: 'female',
  title: 'SUB042 - Smith, Ann',
  empty: '   ',
};
const labels: Record<string, Record<string, string>> = { sex: { '1': 'Female', '2': 'Male' } };
const labelOf = (field: string, code: string) => labels[field]?.[code];

const value = (v: string): ResolvedText => ({ kind: 'value', value: v });
const missing: ResolvedText = { kind: 'missing' };

describe('resolveText', () => {
  it.each<[string, ValueSpec, ResolvedText]>([
    ['a field, trimmed', { field: 'last_name' }, value('Doe')],
    ['an empty field', { field: 'empty' }, missing],
    ['an absent field', { field: 'nope' }, missing],
    ['an empty field with a default', { field: 'empty', default: 'X' }, value('X')],
    ['a constant', { constant: 'MR' }, value('MR')],
    ['a template over fields', { template: '{last_name}^{first_name}' }, value('Doe^Jane')],
    [
      'a template with an empty placeholder',
      { template: '{last_name}^{first_name}^{middle}' },
      value('Doe^Jane^'),
    ],
    ['a template whose placeholders are all empty', { template: 'x-{middle}-{empty}' }, missing],
    ['literal braces in a template', { template: '{{{study_id}}}' }, value('{cpip-id-1001}')],
    [
      'a template with regex parts',
      {
        template: 'cpip-id-{s}^fa-{f}',
        parts: { s: { field: 'study_id', regex: '([^-]*)$' }, f: { field: 'family_id', regex: '([^-]*)$' } },
      },
      value('cpip-id-1001^fa-501'),
    ],
    [
      'a regex with a numbered group',
      { field: 'title', regex: '^(\\w+) - (.+)$', group: 2 },
      value('Smith, Ann'),
    ],
    ['a regex with a named group', { field: 'title', regex: '^(?<id>\\w+) -', group: 'id' }, value('SUB042')],
    ['a regex without groups takes the match', { field: 'title', regex: '^\\w+' }, value('SUB042')],
    ['a regex defaults to its first group', { field: 'title', regex: '^(\\w+) - ' }, value('SUB042')],
    [
      'a regex that does not match',
      { field: 'title', regex: '^\\d+$' },
      { kind: 'invalid', reason: 'did not match "regex"' },
    ],
    ['a regex miss with a default', { field: 'title', regex: '^\\d+$', default: 'none' }, value('none')],
    ['a value map', { field: 'sex', map: { '1': 'F', '2': 'M' } }, value('M')],
    ['a value map, case-insensitive', { field: 'sex_text', map: { Female: 'F', Male: 'M' } }, value('F')],
    [
      'a value map miss',
      { field: 'sex', map: { '1': 'F' } },
      { kind: 'invalid', reason: 'value is not in "map"' },
    ],
    ['a value map miss with a default', { field: 'sex', map: { '1': 'F' }, default: 'O' }, value('O')],
    ['a map by choice label', { field: 'sex', by: 'label', map: { male: 'M', female: 'F' } }, value('M')],
    [
      'a map by label falls back to the raw value',
      { field: 'sex_text', by: 'label', map: { female: 'F' } },
      value('F'),
    ],
  ])('resolves %s', (_name, spec, expected) => {
    expect(resolveText(spec, { row, labelOf })).toEqual(expected);
  });

  it('reports an invalid template part without its value', () => {
    const spec: ValueSpec = { template: 'x{p}', parts: { p: { field: 'title', regex: '^\\d+$' } } };
    expect(resolveText(spec, { row })).toEqual({
      kind: 'invalid',
      reason: 'template part "p" did not match "regex"',
    });
  });
});
