import { describe, expect, it } from 'vitest';
import { formatPersonName, isValidPersonName, parsePersonName } from './person-name.ts';

describe('PN validation', () => {
  it.each([
    ['DOE^JANE', true],
    ['Müller^Jörg', true],
    ['山田^太郎', true],
    ['Yamada^Tarou=山田^太郎=やまだ^たろう', true],
    ['DOE^JANE^Q^DR^JR', true],
    ['', true],
    ['A=B=C=D', false],
    ['A^B^C^D^E^F', false],
    ['DOE\\JANE', false],
    ['DOE\nJANE', false],
    ['X'.repeat(64), true],
    ['X'.repeat(65), false],
    ['山'.repeat(64), true],
  ])('%j is valid: %s', (value, valid) => {
    expect(isValidPersonName(value)).toBe(valid);
  });
});

describe('formatPersonName', () => {
  it.each([
    [{ family: 'Doe', given: 'Jane' }, 'Doe^Jane'],
    [{ family: ' Doe ', given: '' }, 'Doe'],
    [{ family: 'Doe', middle: 'Q' }, 'Doe^^Q'],
    [{ family: 'sub-001', given: 'fam^01' }, 'sub-001^fam 01'],
    [{ family: 'A=B' }, 'A B'],
    [{}, ''],
  ])('formats %j as %j', (parts, expected) => {
    expect(formatPersonName(parts)).toBe(expected);
  });

  it('parses the alphabetic group back into parts', () => {
    expect(parsePersonName('Doe^Jane=ドウ^ジェーン')).toMatchObject({ family: 'Doe', given: 'Jane' });
  });
});
