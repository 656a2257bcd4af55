import { formatDA, formatTM, instantFromLocal, type LocalTimeAdjustment } from '@mwl/domain';
import type { RejectionCode } from '../rejection.ts';
import { parseLocal } from './date-format.ts';
import { resolveText, type ValueContext } from './resolve-value.ts';
import type { ValueSpec } from './spec-schema.ts';

/**
 * Where a row's scheduled start comes from: a date field (whose format may also carry the time),
 * an optional time field, and an optional default time. The values are wall-clock times of the
 * source's IANA timezone; the instant is computed DST-safely.
 */
export interface ScheduleSpec {
  date: ValueSpec;
  time?: ValueSpec;
  /** `HH:mm`, used when the row gives no time. Without it, a missing time rejects the row. */
  defaultTime?: string;
}

/** REDCap's API exports date and datetime fields as `Y-M-D` whatever their display format. */
export const DEFAULT_SCHEDULE_DATE_FORMATS = [
  'yyyy-MM-dd',
  'yyyy-MM-dd HH:mm',
  'yyyy-MM-dd HH:mm:ss',
  "yyyy-MM-dd'T'HH:mm:ss",
] as const;
export const DEFAULT_TIME_FORMATS = ['HH:mm', 'HH:mm:ss', 'H:mm', 'HHmm', 'HHmmss'] as const;

export interface ScheduledStart {
  spsStartDate: string;
  spsStartTime: string;
  spsStartAt: string;
  timezone: string;
  adjustment?: LocalTimeAdjustment;
}

export type ScheduleResult =
  | ({ ok: true } & ScheduledStart)
  | { ok: false; code: RejectionCode; field: 'spsStartDate' | 'spsStartTime'; message: string };

interface Parsed {
  year: number;
  month: number;
  day: number;
  time?: { hour: number; minute: number; second: number };
}

function formats(spec: ValueSpec, defaults: readonly string[]): readonly string[] {
  return spec.format === undefined ? defaults : typeof spec.format === 'string' ? [spec.format] : spec.format;
}

/** Whether a luxon format has an hour token (quoted literals ignored). */
export function formatHasTime(format: string): boolean {
  return /[Hh]/.test(format.replace(/'[^']*'/g, ''));
}

function parseDate(spec: ValueSpec, text: string): Parsed | undefined {
  const parsed = parseLocal(text, formats(spec, DEFAULT_SCHEDULE_DATE_FORMATS));
  if (!parsed) return undefined;
  const { year, month, day, hour, minute, second } = parsed;
  return parsed.hasTime ? { year, month, day, time: { hour, minute, second } } : { year, month, day };
}

function parseTime(spec: ValueSpec | undefined, text: string): Parsed['time'] {
  const parsed = parseLocal(text, spec ? formats(spec, DEFAULT_TIME_FORMATS) : DEFAULT_TIME_FORMATS);
  return parsed ? { hour: parsed.hour, minute: parsed.minute, second: parsed.second } : undefined;
}

/**
 * Memo of local wall-clock time → scheduled start (DST resolution through the zone's rules costs
 * ~0.3 ms; a project's appointments share few distinct slots). One per source instance.
 */
export interface ScheduleCache {
  get(key: string): ScheduledStart | undefined;
  set(key: string, value: ScheduledStart): void;
}

export function createScheduleCache(maxEntries = 20_000): ScheduleCache {
  const entries = new Map<string, ScheduledStart>();
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      if (entries.size >= maxEntries) entries.clear();
      entries.set(key, value);
    },
  };
}

function scheduledStart(
  fields: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  timezone: string,
  cache: ScheduleCache | undefined,
): ScheduledStart {
  const key = `${timezone}|${fields.year}-${fields.month}-${fields.day}T${fields.hour}:${fields.minute}:${fields.second}`;
  const cached = cache?.get(key);
  if (cached) return cached;
  const { instant, adjustment } = instantFromLocal(fields, timezone);
  const start: ScheduledStart = {
    spsStartDate: formatDA(instant.year, instant.month, instant.day),
    spsStartTime: formatTM(instant),
    spsStartAt: instant.toISO({ suppressMilliseconds: true }) ?? '',
    timezone,
    ...(adjustment ? { adjustment } : {}),
  };
  cache?.set(key, start);
  return start;
}

/** The scheduled start of a row, or the rejection reason (field names only, never values). */
export function resolveSchedule(
  spec: ScheduleSpec,
  context: ValueContext,
  timezone: string,
  cache?: ScheduleCache,
): ScheduleResult {
  const fail = (
    code: RejectionCode,
    field: 'spsStartDate' | 'spsStartTime',
    message: string,
  ): ScheduleResult => ({
    ok: false,
    code,
    field,
    message,
  });
  const dateName = describe(spec.date);
  const dateText = resolveText(spec.date, context);
  if (dateText.kind === 'missing') {
    return fail('MWL_REJECT_NO_SCHEDULED_DATE', 'spsStartDate', `scheduled date ${dateName} is empty`);
  }
  if (dateText.kind === 'invalid') {
    return fail('MWL_REJECT_INVALID_DATE', 'spsStartDate', `scheduled date ${dateName} ${dateText.reason}`);
  }
  const date = parseDate(spec.date, dateText.value);
  if (!date) {
    return fail(
      'MWL_REJECT_INVALID_DATE',
      'spsStartDate',
      `scheduled date ${dateName} is not a valid date in the configured formats`,
    );
  }
  let time = date.time;
  if (!time) {
    const timeName = spec.time ? describe(spec.time) : 'time';
    const timeText = spec.time ? resolveText(spec.time, context) : ({ kind: 'missing' } as const);
    if (timeText.kind === 'invalid') {
      return fail('MWL_REJECT_INVALID_TIME', 'spsStartTime', `scheduled time ${timeName} ${timeText.reason}`);
    }
    const text = timeText.kind === 'value' ? timeText.value : spec.defaultTime;
    if (text === undefined) {
      return fail('MWL_REJECT_NO_SCHEDULED_TIME', 'spsStartTime', `scheduled time ${timeName} is empty`);
    }
    time = parseTime(timeText.kind === 'value' ? spec.time : undefined, text);
    if (!time) {
      return fail(
        'MWL_REJECT_INVALID_TIME',
        'spsStartTime',
        `scheduled time ${timeName} is not a valid time in the configured formats`,
      );
    }
  }
  try {
    const { year, month, day } = date;
    return { ok: true, ...scheduledStart({ year, month, day, ...time }, timezone, cache) };
  } catch {
    return fail('MWL_REJECT_INVALID_DATE', 'spsStartDate', `scheduled date ${dateName} is not a valid date`);
  }
}

function describe(spec: ValueSpec): string {
  if (spec.field !== undefined) return `(field "${spec.field}")`;
  if (spec.template !== undefined) return '(template)';
  return '(constant)';
}
