import { describe, expect, it } from 'vitest';
import { formatDa, formatTable, formatTm } from './format-table.ts';

describe('formatTable', () => {
  it('pads every column to its widest cell and cuts long cells', () => {
    const rows = [
      { a: 'x', b: 'a long description here' },
      { a: 'longer', b: 'short' },
    ];
    const text = formatTable(rows, [
      { title: 'A', value: (r) => r.a },
      { title: 'B', value: (r) => r.b, max: 10 },
    ]);
    expect(text.split('\n')).toEqual([
      'A       B',
      '------  ----------',
      'x       a long de…',
      'longer  short',
    ]);
  });

  it('prints the header and rule for no rows', () => {
    expect(formatTable([], [{ title: 'DATE', value: () => '' }])).toBe('DATE\n----');
  });
});

describe('DICOM date and time for people', () => {
  it.each([
    ['20261123', '2026-11-23'],
    ['', ''],
    ['2026', '2026'],
  ])('formatDa(%j) is %j', (input, expected) => expect(formatDa(input)).toBe(expected));

  it.each([
    ['093000', '09:30'],
    ['0930', '09:30'],
    ['093000.123', '09:30'],
    ['9', '9'],
  ])('formatTm(%j) is %j', (input, expected) => expect(formatTm(input)).toBe(expected));
});
