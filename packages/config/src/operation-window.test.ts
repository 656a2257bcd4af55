import { describe, expect, it } from 'vitest';
import { isInOperationWindow, sourceTimezone } from './operation-window.ts';
import type { OperationWindow } from './source-schema.ts';

const EDMONTON = 'America/Edmonton';
const window = (start: [number, number], end: [number, number]): OperationWindow => ({
  start_time: start,
  end_time: end,
});

const overnight = window([22, 0], [6, 0]);
const office = window([8, 0], [18, 0]);

// America/Edmonton: MST (-07:00) until 2026-03-08 02:00 → 03:00 MDT (-06:00); the autumn cases
// use 2025's change back to MST, 2025-11-02 02:00 → 01:00. Alberta keeps MDT after March 2026
// since tzdata 2026e (Node 24), and a past transition is the same in every tzdata release.
describe('isInOperationWindow', () => {
  it.each([
    ['before an overnight window opens', overnight, '2026-03-08T04:30:00Z', '21:30 MST', false],
    ['as an overnight window opens', overnight, '2026-03-08T05:00:00Z', '22:00 MST', true],
    ['after midnight inside an overnight window', overnight, '2026-03-08T08:59:00Z', '01:59 MST', true],
    ['right after the spring-forward jump', overnight, '2026-03-08T09:00:00Z', '03:00 MDT', true],
    [
      'in the last minute of an overnight window on the DST day',
      overnight,
      '2026-03-08T12:00:30Z',
      '06:00:30 MDT',
      true,
    ],
    [
      'after an overnight window closes on the DST day',
      overnight,
      '2026-03-08T12:01:00Z',
      '06:01 MDT',
      false,
    ],
    ['in the first pass of the repeated autumn hour', overnight, '2025-11-02T07:30:00Z', '01:30 MDT', true],
    ['in the second pass of the repeated autumn hour', overnight, '2025-11-02T08:30:00Z', '01:30 MST', true],
    ['after an overnight window closes in winter', overnight, '2025-11-02T13:01:00Z', '06:01 MST', false],
    [
      'inside an overnight window on the day before the autumn change',
      overnight,
      '2025-11-01T04:00:00Z',
      '22:00 MDT',
      true,
    ],
    ['before an office window opens in summer', office, '2026-07-01T13:59:00Z', '07:59 MDT', false],
    ['as an office window opens in summer', office, '2026-07-01T14:00:00Z', '08:00 MDT', true],
    ['in the closing minute of an office window', office, '2026-07-02T00:00:59Z', '18:00:59 MDT', true],
    ['after an office window closes', office, '2026-07-02T00:01:00Z', '18:01 MDT', false],
    ['as an office window opens in winter', office, '2026-01-15T15:00:00Z', '08:00 MST', true],
    ['an hour early in winter by the summer offset', office, '2026-01-15T14:00:00Z', '07:00 MST', false],
    [
      'at 23:59:59 in Pylantir’s default window',
      window([0, 0], [23, 59]),
      '2026-01-15T06:59:59Z',
      '23:59:59 MST',
      true,
    ],
    [
      'at midnight in Pylantir’s default window',
      window([0, 0], [23, 59]),
      '2026-01-15T07:00:00Z',
      '00:00 MST',
      true,
    ],
    [
      'in a window whose start equals its end',
      window([5, 0], [5, 0]),
      '2026-01-15T20:00:00Z',
      '13:00 MST',
      true,
    ],
    [
      'in both passes of a window inside the repeated hour (first)',
      window([1, 0], [1, 59]),
      '2025-11-02T07:30:00Z',
      '01:30 MDT',
      true,
    ],
    [
      'in both passes of a window inside the repeated hour (second)',
      window([1, 0], [1, 59]),
      '2025-11-02T08:30:00Z',
      '01:30 MST',
      true,
    ],
    [
      'after a window inside the repeated hour',
      window([1, 0], [1, 59]),
      '2025-11-02T09:00:00Z',
      '02:00 MST',
      false,
    ],
    [
      'before a window inside the skipped spring hour',
      window([2, 0], [2, 59]),
      '2026-03-08T08:59:00Z',
      '01:59 MST',
      false,
    ],
    [
      'after a window inside the skipped spring hour (it never opens)',
      window([2, 0], [2, 59]),
      '2026-03-08T09:00:00Z',
      '03:00 MDT',
      false,
    ],
  ])('is %s: %s (%s) → %s', (_case, w, instant, _local, expected) => {
    expect(isInOperationWindow(w, new Date(instant), EDMONTON)).toBe(expected);
  });

  it('is always inside when there is no window', () => {
    expect(isInOperationWindow(undefined, new Date('2026-03-08T09:30:00Z'), EDMONTON)).toBe(true);
  });

  it.each([
    ['Europe/Paris', true],
    ['Asia/Tokyo', false],
  ])('reads the wall clock of the given zone (%s)', (zone, expected) => {
    expect(isInOperationWindow(office, new Date('2026-01-15T15:00:00Z'), zone)).toBe(expected);
  });

  it('throws on an unknown zone rather than guessing', () => {
    expect(() => isInOperationWindow(office, new Date(), 'Nowhere/Zone')).toThrow(RangeError);
  });
});

describe('sourceTimezone', () => {
  it.each([
    [{ timezone: 'Europe/Paris' }, 'Europe/Paris'],
    [{}, EDMONTON],
  ])('uses the source zone %j over the config zone', (source, expected) => {
    expect(sourceTimezone({ timezone: EDMONTON }, source)).toBe(expected);
  });
});
