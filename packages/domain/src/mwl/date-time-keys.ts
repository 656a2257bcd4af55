import { DateTime, FixedOffsetZone } from 'luxon';
import { formatTM, isValidDA, parseTM } from '../dicom/date-time.ts';
import type { LocalDateTime, MatchCondition } from './plan-types.ts';
import type { WorklistColumn } from './worklist-row.ts';

/**
 * DA and TM keys (PS3.4 C.2.2.2.1, C.2.2.2.5) and the combined SPS start date-time period.
 *
 * Bounds are canonical, inclusive strings comparable with the stored values. A TM bound with
 * reduced precision covers its whole precision: `09` is 09:00:00 as a lower bound and 09:59:59 as
 * an upper one, and a single TM value `0930` matches 09:30:00–09:30:59. Fractions of a second are
 * dropped: the store keeps whole seconds.
 */

export type DateKey =
  { kind: 'universal' } | { kind: 'single'; date: string } | { kind: 'range'; from?: string; to?: string };

export type TimeKey = { kind: 'universal' } | { kind: 'range'; from?: string; to?: string; single: boolean };

export type KeyProblem = { kind: 'invalid'; reason: string };

const UNIVERSAL = { kind: 'universal' } as const;

function splitRange(value: string): [string, string] | undefined {
  const parts = value.split('-').map((part) => part.trim());
  if (parts.length !== 2 || (parts[0] === '' && parts[1] === '')) return undefined;
  return [parts[0] ?? '', parts[1] ?? ''];
}

/** The one value of a DA/TM key; undefined for Universal Matching (empty or a lone `*`). */
function single(values: readonly string[]): { value?: string } | KeyProblem {
  if (values.length > 1) return { kind: 'invalid', reason: 'multiple values are not allowed in this key' };
  const [value] = values;
  return value === undefined || /^\*+$/.test(value) ? {} : { value };
}

export function parseDateKey(values: readonly string[]): DateKey | KeyProblem {
  const one = single(values);
  if ('kind' in one) return one;
  const value = one.value;
  if (value === undefined) return UNIVERSAL;
  const invalid: KeyProblem = { kind: 'invalid', reason: 'not a DA value or DA range' };
  if (!value.includes('-')) return isValidDA(value) ? { kind: 'single', date: value } : invalid;
  const range = splitRange(value);
  if (!range || !range.every((bound) => bound === '' || isValidDA(bound))) return invalid;
  const [from, to] = range;
  if (from && to && from > to) return { kind: 'invalid', reason: 'DA range ends before it starts' };
  return { kind: 'range', ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function timeBound(value: string, end: 'lower' | 'upper'): string | undefined {
  const parts = parseTM(value);
  if (!parts) return undefined;
  const digits = value.split('.')[0]?.length ?? 0;
  if (end === 'upper' && digits < 6) {
    return formatTM({ hour: parts.hour, minute: digits < 4 ? 59 : parts.minute, second: 59 });
  }
  return formatTM(parts);
}

export function parseTimeKey(values: readonly string[]): TimeKey | KeyProblem {
  const one = single(values);
  if ('kind' in one) return one;
  const value = one.value;
  if (value === undefined) return UNIVERSAL;
  const invalid: KeyProblem = { kind: 'invalid', reason: 'not a TM value or TM range' };
  if (!value.includes('-')) {
    const from = timeBound(value, 'lower');
    const to = timeBound(value, 'upper');
    return from && to ? { kind: 'range', from, to, single: true } : invalid;
  }
  const range = splitRange(value);
  if (!range) return invalid;
  const from = range[0] ? timeBound(range[0], 'lower') : undefined;
  const to = range[1] ? timeBound(range[1], 'upper') : undefined;
  if ((range[0] && !from) || (range[1] && !to)) return invalid;
  return { kind: 'range', ...(from ? { from } : {}), ...(to ? { to } : {}), single: false };
}

/** A DA key on any DA column (PS3.4 C.2.2.2.1 and C.2.2.2.5.1). */
export function dateCondition(column: WorklistColumn, path: string, key: DateKey): MatchCondition {
  if (key.kind === 'universal') return { kind: 'universal', column, path, excludeEmpty: false };
  if (key.kind === 'single') {
    return { kind: 'single', column, path, value: key.date, caseInsensitive: false, excludeEmpty: true };
  }
  return { kind: 'range', column, path, vr: 'DA', ...bounds(key.from, key.to), excludeEmpty: true };
}

/** A TM key alone: a window within any day (crossing midnight is not supported, C.2.2.2.5.2). */
function timeCondition(column: WorklistColumn, path: string, key: TimeKey): MatchCondition | KeyProblem {
  if (key.kind === 'universal') return { kind: 'universal', column, path, excludeEmpty: false };
  if (key.from && key.to && key.from > key.to) {
    return { kind: 'invalid', reason: 'TM range crossing midnight is not supported' };
  }
  return { kind: 'range', column, path, vr: 'TM', ...bounds(key.from, key.to), excludeEmpty: true };
}

function bounds<T>(from: T | undefined, to: T | undefined): { from?: T; to?: T } {
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

const SPS = 'ScheduledProcedureStepSequence';
const DATE_PATH = `${SPS}.ScheduledProcedureStepStartDate`;
const TIME_PATH = `${SPS}.ScheduledProcedureStepStartTime`;

/** Parses Timezone Offset From UTC (`+HHMM`/`-HHMM`, PS3.3 C.12.1.1.8) into minutes. */
export function parseUtcOffset(value: string): number | undefined {
  const match = /^([+-])(\d{2})(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[2]), Number(match[3])];
  if (hours > 14 || minutes > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function instant(point: LocalDateTime, offsetMinutes: number, endOfSecond: boolean): string {
  const { date, time } = point;
  const local = DateTime.fromObject(
    {
      year: Number(date.slice(0, 4)),
      month: Number(date.slice(4, 6)),
      day: Number(date.slice(6, 8)),
      hour: Number(time.slice(0, 2)),
      minute: Number(time.slice(2, 4)),
      second: Number(time.slice(4, 6)),
      millisecond: endOfSecond ? 999 : 0,
    },
    { zone: FixedOffsetZone.instance(offsetMinutes) },
  );
  return local.toUTC().toISO() ?? '';
}

export type ScheduledStartPlan =
  { ok: true; conditions: MatchCondition[]; offsetApplied: boolean } | { ok: false; reason: string };

/**
 * The SPS start date and time keys (undefined when not sent) as conditions.
 *
 * Both non-universal: ONE period from `date1 time1` to `date2 time2`, PS3.4 Table K.6-1 and
 * C.2.2.2.5.4 (a single value is a one-value range; a missing time bound is 00:00:00 below and
 * 23:59:59 above). `20260310-20260312` with `0900-1700` is 10 March 09:00 through 12 March 17:00,
 * not a daily window. Only one of them: matched on its own column. With a Timezone Offset From UTC
 * and a date key, the period is converted to instants on `sps_start_at` (C.2.2.2.5.2); a TM key
 * alone stays a local window (`offsetApplied: false`).
 */
export function planScheduledStart(
  date: DateKey | undefined,
  time: TimeKey | undefined,
  offsetMinutes?: number,
): ScheduledStartPlan {
  const dateKey = date ?? UNIVERSAL;
  const timeKey = time ?? UNIVERSAL;
  if (dateKey.kind === 'universal' || timeKey.kind === 'universal') {
    if (dateKey.kind !== 'universal' && offsetMinutes !== undefined) {
      return combined(dateKey, timeKey, offsetMinutes);
    }
    const conditions: MatchCondition[] = [];
    if (date) conditions.push(dateCondition('sps_start_date', DATE_PATH, date));
    if (time) {
      const condition = timeCondition('sps_start_time', TIME_PATH, time);
      if (condition.kind === 'invalid') return { ok: false, reason: condition.reason };
      conditions.push(condition);
    }
    return { ok: true, conditions, offsetApplied: false };
  }
  return combined(dateKey, timeKey, offsetMinutes);
}

function combined(
  date: Exclude<DateKey, { kind: 'universal' }>,
  time: TimeKey,
  offsetMinutes: number | undefined,
): ScheduledStartPlan {
  const [dateFrom, dateTo] = date.kind === 'single' ? [date.date, date.date] : [date.from, date.to];
  const [timeFrom, timeTo] = time.kind === 'range' ? [time.from, time.to] : [undefined, undefined];
  const from = dateFrom === undefined ? undefined : { date: dateFrom, time: timeFrom ?? '000000' };
  const to = dateTo === undefined ? undefined : { date: dateTo, time: timeTo ?? '235959' };
  if (from && to && from.date + from.time > to.date + to.time) {
    return { ok: false, reason: 'SPS start date-time period ends before it starts' };
  }
  if (offsetMinutes !== undefined) {
    const condition: MatchCondition = {
      kind: 'instant-range',
      column: 'sps_start_at',
      path: DATE_PATH,
      ...bounds(from && instant(from, offsetMinutes, false), to && instant(to, offsetMinutes, true)),
      excludeEmpty: true,
    };
    return { ok: true, conditions: [condition], offsetApplied: true };
  }
  const condition: MatchCondition = {
    kind: 'datetime-range',
    dateColumn: 'sps_start_date',
    timeColumn: 'sps_start_time',
    path: `${DATE_PATH}+ScheduledProcedureStepStartTime`,
    ...bounds(from, to),
    excludeEmpty: true,
  };
  return { ok: true, conditions: [condition], offsetApplied: false };
}
