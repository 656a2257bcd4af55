import { describe, expect, it } from 'vitest';
import {
  bookingTimes,
  minutesBetween,
  parseDateRange,
  parseFormattedRange,
  parseTimeText,
  queryBound,
  resolveTimePoint,
  type BookingTimePoint,
} from './booking-time.ts';

const EDMONTON = 'America/Edmonton';
const local = (text: string): BookingTimePoint => {
  const point = parseTimeText(text);
  if (!point) throw new Error(`unparsable ${text}`);
  return point;
};

describe('parseFormattedRange', () => {
  it.each([
    ['[2025-02-12 10:00:00.0, 2025-02-12 11:00:00.0]', [2025, 2, 12, 10, 0, 0], [2025, 2, 12, 11, 0, 0]],
    ['[2026-03-08 02:30:00.0, 2026-03-08 03:30:00.0]', [2026, 3, 8, 2, 30, 0], [2026, 3, 8, 3, 30, 0]],
    ['[2025-11-02 01:30:15, 2025-11-02 02:30:00.125]', [2025, 11, 2, 1, 30, 15], [2025, 11, 2, 2, 30, 0]],
    [' [ 2026-01-05 08:05 , 2026-01-05 09:00 ] ', [2026, 1, 5, 8, 5, 0], [2026, 1, 5, 9, 0, 0]],
  ])('reads %s as wall-clock start and end', (text, start, end) => {
    const parsed = parseFormattedRange(text);
    const fields = (point: BookingTimePoint | undefined) =>
      point?.kind === 'local' ? Object.values(point.fields) : undefined;
    expect(fields(parsed?.start)).toEqual(start);
    expect(fields(parsed?.end)).toEqual(end);
  });

  it.each([
    ['2025-02-12 10:00:00.0'],
    ['[2025-02-30 10:00:00.0, 2025-02-30 11:00:00.0]'],
    ['[2025-02-12 24:00:00.0, 2025-02-12 25:00:00.0]'],
    ['[12/02/2025 10:00, 12/02/2025 11:00]'],
    ['[]'],
  ])('refuses %s', (text) => {
    expect(parseFormattedRange(text)).toBeUndefined();
  });

  it('keeps a start whose end is missing', () => {
    expect(parseFormattedRange('[2025-02-12 10:00:00.0]')?.end).toBeUndefined();
  });
});

describe('parseDateRange', () => {
  it('reads exact instants from ISO texts with an offset', () => {
    const range = parseDateRange({ start: '2025-11-02T08:15:00Z', finish: '2025-11-02T08:45:00Z' });
    expect(range?.start.kind).toBe('instant');
    expect(range?.end?.kind).toBe('instant');
  });

  it('reads a formattedName inside the dateRange first', () => {
    const range = parseDateRange({
      formattedName: '[2026-01-05 08:00:00.0, 2026-01-05 09:00:00.0]',
      start: 'junk',
    });
    expect(range?.start).toEqual(local('2026-01-05 08:00:00'));
  });

  it('reads start and end texts', () => {
    expect(parseDateRange({ start: '2026-01-05 08:00:00.0', end: '2026-01-05 09:00:00.0' })?.end).toEqual(
      local('2026-01-05 09:00:00'),
    );
  });
});

describe('bookingTimes', () => {
  it('takes the first formattedName that parses, then the dateRange', () => {
    const range = { start: '2026-01-05 07:00:00.0', finish: '2026-01-05 08:00:00.0' };
    expect(bookingTimes([undefined, '[2026-01-05 08:00:00.0, 2026-01-05 09:00:00.0]'], range)).toMatchObject({
      origin: 'formattedName',
      start: local('2026-01-05 08:00:00'),
    });
    expect(bookingTimes(['garbled', undefined], range)).toMatchObject({
      origin: 'dateRange',
      start: local('2026-01-05 07:00:00'),
    });
    expect(bookingTimes([undefined], undefined)).toBeUndefined();
  });
});

describe('resolveTimePoint in America/Edmonton', () => {
  it.each([
    ['an ordinary winter time', '2026-01-05 08:00:00', '2026-01-05T08:00:00.000-07:00', undefined],
    ['the hour before spring forward', '2026-03-08 01:30:00', '2026-03-08T01:30:00.000-07:00', undefined],
    [
      'a time inside the spring-forward gap',
      '2026-03-08 02:30:00',
      '2026-03-08T03:30:00.000-06:00',
      'nonexistent-shifted-forward',
    ],
    ['the first time after the gap', '2026-03-08 03:00:00', '2026-03-08T03:00:00.000-06:00', undefined],
    [
      'a time of the repeated fall-back hour',
      '2025-11-02 01:30:00',
      '2025-11-02T01:30:00.000-06:00',
      'ambiguous-took-earlier',
    ],
    ['the time after the repeated hour', '2025-11-02 02:00:00', '2025-11-02T02:00:00.000-07:00', undefined],
  ])('resolves %s', (_name, text, iso, adjustment) => {
    const resolved = resolveTimePoint(local(text), EDMONTON);
    expect(resolved.instant.toISO()).toBe(iso);
    expect(resolved.adjustment).toBe(adjustment);
  });

  it('keeps an exact instant and gives its wall-clock time', () => {
    const resolved = resolveTimePoint(parseTimeText('2025-11-02T08:15:00Z')!, EDMONTON);
    expect(resolved.instant.toISO()).toBe('2025-11-02T01:15:00.000-07:00');
    expect(resolved.local).toEqual({ year: 2025, month: 11, day: 2, hour: 1, minute: 15, second: 0 });
    expect(resolved.adjustment).toBeUndefined();
  });

  it('measures a booking across the fall-back hour in elapsed minutes', () => {
    const start = resolveTimePoint(local('2025-11-02 01:30:00'), EDMONTON).instant;
    const end = resolveTimePoint(local('2025-11-02 02:30:00'), EDMONTON).instant;
    expect(minutesBetween(start, end)).toBe(120);
    expect(minutesBetween(end, start)).toBeUndefined();
  });
});

describe('queryBound', () => {
  it.each([
    ['floors and widens a lower bound by an hour', '2026-01-05T15:00:30Z', 'floor', '20260105-0700'],
    ['ceils and widens an upper bound by an hour', '2026-01-05T15:00:30Z', 'ceil', '20260105-0901'],
    ['widens a lower bound across spring forward', '2026-03-08T09:30:00Z', 'floor', '20260308-0130'],
    ['widens an upper bound across fall back', '2025-11-02T07:30:00Z', 'ceil', '20251102-0130'],
  ] as const)('%s', (_name, iso, rounding, expected) => {
    expect(queryBound(new Date(iso), EDMONTON, rounding)).toBe(expected);
  });

  it('can be exact', () => {
    expect(queryBound(new Date('2026-01-05T15:00:00Z'), EDMONTON, 'floor', 0)).toBe('20260105-0800');
    expect(queryBound(new Date('2026-01-05T15:00:00Z'), EDMONTON, 'ceil', 0)).toBe('20260105-0800');
  });
});
