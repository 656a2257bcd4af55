import { describe, expect, it } from 'vitest';
import { instantFromLocal, localScheduleFromInstant, localWallClockAt } from './schedule-time.ts';

const EDMONTON = 'America/Edmonton';

describe('instantFromLocal', () => {
  it('resolves an ordinary local time', () => {
    const { instant, adjustment } = instantFromLocal(
      { year: 2026, month: 6, day: 1, hour: 9, minute: 0 },
      EDMONTON,
    );
    expect(instant.toUTC().toISO()).toBe('2026-06-01T15:00:00.000Z');
    expect(adjustment).toBeUndefined();
  });

  it('moves a time inside the spring-forward gap forward and says so', () => {
    const result = instantFromLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, EDMONTON);
    expect(result.adjustment).toBe('nonexistent-shifted-forward');
    expect(result.instant.toUTC().toISO()).toBe('2026-03-08T09:30:00.000Z');
  });

  it('takes the earlier instant of a repeated fall-back time and says so', () => {
    const result = instantFromLocal({ year: 2025, month: 11, day: 2, hour: 1, minute: 30 }, EDMONTON);
    expect(result.adjustment).toBe('ambiguous-took-earlier');
    expect(result.instant.toUTC().toISO()).toBe('2025-11-02T07:30:00.000Z');
  });
});

describe('localScheduleFromInstant', () => {
  it.each([
    ['2026-03-08T09:30:00Z', '20260308', '033000'],
    ['2025-11-02T07:30:00Z', '20251102', '013000'],
    ['2025-11-02T08:30:00Z', '20251102', '013000'],
    ['2025-12-31T23:30:00-07:00', '20251231', '233000'],
  ])('shows %s as local %s %s', (instant, date, time) => {
    const local = localScheduleFromInstant(instant, EDMONTON);
    expect([local.spsStartDate, local.spsStartTime]).toEqual([date, time]);
  });
});

describe('localWallClockAt', () => {
  it.each([
    ['2026-03-08T08:59:59Z', 'America/Edmonton', '20260308015959'],
    ['2026-03-08T09:00:00Z', 'America/Edmonton', '20260308030000'],
    ['2025-11-02T07:30:00Z', 'America/Edmonton', '20251102013000'],
    ['2025-11-02T08:30:00Z', 'America/Edmonton', '20251102013000'],
    ['2026-10-04T15:45:00Z', 'Australia/Lord_Howe', '20261005024500'],
  ])('gives the local time of %s in %s (asked twice: the same)', (instant, zone, expected) => {
    expect(localWallClockAt(Date.parse(instant), zone)).toBe(expected);
    expect(localWallClockAt(Date.parse(instant), zone)).toBe(expected);
  });

  it('gives null for a zone that does not exist', () => {
    expect(localWallClockAt(Date.parse('2026-03-08T09:00:00Z'), 'Mars/Olympus_Mons')).toBeNull();
  });
});
