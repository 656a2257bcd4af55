import { describe, expect, it } from 'vitest';
import type { FakeBooking } from './model.ts';
import { matchesQuery, parseQuery, QueryError } from './query.ts';

const booking: FakeBooking = {
  id: 70101,
  title: 'SUB101 - Jane Doe',
  status: 'Approved',
  biskitType: 'MRIScan',
  resource: '3T Diagnostic',
  start: '2026-03-08 10:00:00',
  end: '2026-03-08 11:00:00',
};
const matches = (path: string) => matchesQuery(booking, parseQuery(path.split('/')));

describe('parseQuery', () => {
  it('reads nested prefix notation, the nested operator taking the rest', () => {
    expect(
      parseQuery('AND/dateRange.start/GE/20260308-0000/OR/resource.name/EQ/A/resource.name/EQ/B'.split('/')),
    ).toEqual({
      op: 'AND',
      args: [
        { field: 'dateRange.start', cmp: 'GE', value: '20260308-0000' },
        {
          op: 'OR',
          args: [
            { field: 'resource.name', cmp: 'EQ', value: 'A' },
            { field: 'resource.name', cmp: 'EQ', value: 'B' },
          ],
        },
      ],
    });
  });

  it.each([
    ['', 'empty query'],
    ['AND', 'AND has no operands'],
    ['resource.name/EQ', 'incomplete condition'],
    ['colour/EQ/red', 'unknown field "colour"'],
    ['status/LIKE/A%', 'unknown comparison "LIKE"'],
    ['dateRange.start/GE/2026-03-08', 'needs a YYYYMMDD-HHMM value'],
    ['status/EQ/Approved/title/EQ/x', 'several conditions need AND or OR'],
  ])('refuses %j', (path, message) => {
    expect(() => parseQuery(path === '' ? [] : path.split('/'))).toThrow(QueryError);
    expect(() => parseQuery(path === '' ? [] : path.split('/'))).toThrow(message);
  });
});

describe('matchesQuery', () => {
  it.each([
    [
      'the start inside a range',
      'AND/dateRange.start/GE/20260308-1000/dateRange.start/LT/20260308-1001',
      true,
    ],
    ['the start at an exclusive upper bound', 'dateRange.start/LT/20260308-1000', false],
    ['the end', 'dateRange.finish/LE/20260308-1100', true],
    ['one of several resources', 'OR/resource.name/EQ/EEG/resource.name/EQ/3T Diagnostic', true],
    ['no listed resource', 'OR/resource.name/EQ/EEG/resource.name/EQ/Mock', false],
    ['the id, any case of the operator', 'id/eq/70101', true],
    ['a status not equal', 'status/NE/Approved', false],
    ['all conditions', 'AND/status/EQ/Approved/biskitType/EQ/MRIScan/title/GT/SUB', true],
  ])('matches %s: %s', (_name, path, expected) => {
    expect(matches(path)).toBe(expected);
  });
});
