import { describe, expect, it } from 'vitest';
import { FilterLogicError, parseFilterLogic } from './filter-logic.ts';

const row = { d: '2026-03-10', n: '12', s: 'abc', e: '' };

describe('parseFilterLogic', () => {
  it.each([
    ["[d] >= '2026-03-10'", true],
    ["[d] < '2026-03-10'", false],
    ['[n] > 9', true],
    ["[n] > '9'", true],
    ["[s] = 'abc' and [e] = ''", true],
    ["[s] <> 'abc' or [e] != ''", false],
    ['([s] = \'x\' or [n] = 12) and [d] >= "2026-01-01"', true],
  ])('evaluates %s as %s', (logic, expected) => {
    expect(parseFilterLogic(logic)(row)).toBe(expected);
  });

  it.each(["datediff([d], 'today', 'd') > 1", '[event][d] = 1', "[d] = 'x' and", '[d] 5'])(
    'refuses %s',
    (logic) => {
      expect(() => parseFilterLogic(logic)).toThrow(FilterLogicError);
    },
  );
});
