import { describe, expect, it } from 'vitest';
import { parseLocal, type LocalFields } from './date-format.ts';

const at = (
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  hasTime = false,
): LocalFields => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
  hasTime,
});

describe('parseLocal', () => {
  it.each<[string, string[], LocalFields | undefined]>([
    ['2026-03-10', ['yyyy-MM-dd'], at(2026, 3, 10)],
    ['2026-3-10', ['yyyy-MM-dd'], undefined],
    ['3/5/2026', ['M/d/yyyy'], at(2026, 3, 5)],
    ['2026-03-10 14:05', ['yyyy-MM-dd', 'yyyy-MM-dd HH:mm'], at(2026, 3, 10, 14, 5, 0, true)],
    ['2026-03-10T14:05:09', ["yyyy-MM-dd'T'HH:mm:ss"], at(2026, 3, 10, 14, 5, 9, true)],
    ['7/1/2026 12:05 AM', ['M/d/yyyy h:mm a'], at(2026, 7, 1, 0, 5, 0, true)],
    ['7/1/2026 12:05 pm', ['M/d/yyyy h:mm a'], at(2026, 7, 1, 12, 5, 0, true)],
    ['2026-02-29', ['yyyy-MM-dd'], undefined],
    ['2024-02-29', ['yyyy-MM-dd'], at(2024, 2, 29)],
    ['24:00', ['HH:mm'], undefined],
    ['09:30', ['HH:mm'], at(0, 1, 1, 9, 30, 0, true)],
    ['2026-03-10 14:05:09.5', ['yyyy-MM-dd HH:mm:ss.S'], at(2026, 3, 10, 14, 5, 9, true)],
    // a token the fast path does not know goes to luxon
    ['10 Mar 2026', ['dd LLL yyyy'], at(2026, 3, 10)],
  ])('parses %s with %j', (text, formats, expected) => {
    expect(parseLocal(text, formats)).toEqual(expected);
  });
});
