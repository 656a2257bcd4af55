import { describe, expect, it } from 'vitest';
import { formatHasTime, resolveSchedule, type ScheduleResult, type ScheduleSpec } from './schedule.ts';

const EDMONTON = 'America/Edmonton';
const dateAndTime: ScheduleSpec = { date: { field: 'd' }, time: { field: 't' } };

const scheduled = (date: string, time: string, at: string, extra: Partial<ScheduleResult> = {}) => ({
  ok: true,
  spsStartDate: date,
  spsStartTime: time,
  spsStartAt: at,
  timezone: EDMONTON,
  ...extra,
});

describe('resolveSchedule', () => {
  it.each<[string, ScheduleSpec, Record<string, string>, unknown]>([
    [
      'a date and a time field',
      dateAndTime,
      { d: '2026-03-10', t: '09:30' },
      scheduled('20260310', '093000', '2026-03-10T09:30:00-06:00'),
    ],
    [
      'a time with seconds',
      dateAndTime,
      { d: '2026-03-10', t: '09:30:15' },
      scheduled('20260310', '093015', '2026-03-10T09:30:15-06:00'),
    ],
    [
      'one REDCap datetime field',
      { date: { field: 'd' } },
      { d: '2026-07-01 14:05' },
      scheduled('20260701', '140500', '2026-07-01T14:05:00-06:00'),
    ],
    [
      'a datetime in an explicit format',
      { date: { field: 'd', format: 'M/d/yyyy h:mm a' } },
      { d: '7/1/2026 2:05 PM' },
      scheduled('20260701', '140500', '2026-07-01T14:05:00-06:00'),
    ],
    [
      'a date with a default time',
      { date: { field: 'd' }, defaultTime: '08:00' },
      { d: '2026-03-10' },
      scheduled('20260310', '080000', '2026-03-10T08:00:00-06:00'),
    ],
    [
      'a time in the spring-forward gap, moved forward',
      dateAndTime,
      { d: '2026-03-08', t: '02:30' },
      scheduled('20260308', '033000', '2026-03-08T03:30:00-06:00', {
        adjustment: 'nonexistent-shifted-forward',
      }),
    ],
    [
      'a time repeated at fall back, the earlier instant',
      dateAndTime,
      { d: '2025-11-02', t: '01:30' },
      scheduled('20251102', '013000', '2025-11-02T01:30:00-06:00', { adjustment: 'ambiguous-took-earlier' }),
    ],
  ])('resolves %s', (_name, spec, row, expected) => {
    expect(resolveSchedule(spec, { row }, EDMONTON)).toEqual(expected);
  });

  it.each<[string, ScheduleSpec, Record<string, string>, string, string]>([
    ['an empty date', dateAndTime, { d: '', t: '09:00' }, 'MWL_REJECT_NO_SCHEDULED_DATE', 'spsStartDate'],
    [
      'an impossible date',
      dateAndTime,
      { d: '2026-02-30', t: '09:00' },
      'MWL_REJECT_INVALID_DATE',
      'spsStartDate',
    ],
    [
      'a date in another format',
      dateAndTime,
      { d: '03/11/2026', t: '09:00' },
      'MWL_REJECT_INVALID_DATE',
      'spsStartDate',
    ],
    [
      'an empty time',
      dateAndTime,
      { d: '2026-03-10', t: '' },
      'MWL_REJECT_NO_SCHEDULED_TIME',
      'spsStartTime',
    ],
    [
      'no time at all',
      { date: { field: 'd' } },
      { d: '2026-03-10' },
      'MWL_REJECT_NO_SCHEDULED_TIME',
      'spsStartTime',
    ],
    [
      'an invalid time',
      dateAndTime,
      { d: '2026-03-10', t: '25:99' },
      'MWL_REJECT_INVALID_TIME',
      'spsStartTime',
    ],
  ])('rejects %s', (_name, spec, row, code, field) => {
    const result = resolveSchedule(spec, { row }, EDMONTON);
    expect(result).toMatchObject({ ok: false, code, field });
  });

  it('names the field in its message but never the value', () => {
    const result = resolveSchedule(dateAndTime, { row: { d: '11/03/2026', t: '09:00' } }, EDMONTON);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('"d"');
    expect(result.message).not.toContain('11/03/2026');
  });
});

describe('formatHasTime', () => {
  it.each([
    ['yyyy-MM-dd', false],
    ['yyyy-MM-dd HH:mm', true],
    ['M/d/yyyy h:mm a', true],
    ["yyyy-MM-dd'H'", false],
  ])('tells whether %s carries a time', (format, expected) => {
    expect(formatHasTime(format)).toBe(expected);
  });
});
