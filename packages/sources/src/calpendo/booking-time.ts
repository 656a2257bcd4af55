import { instantFromLocal, type LocalDateTimeFields, type LocalTimeAdjustment } from '@mwl/domain';
import { DateTime } from 'luxon';

/**
 * Booking times. Calpendo writes them as the site's wall-clock time: `formattedName` is
 * `[YYYY-MM-DD HH:MM:SS.f, YYYY-MM-DD HH:MM:SS.f]`, and a detail's `dateRange` carries the same
 * (as its own `formattedName`, or `start`/`finish` texts). A text with an offset (`…Z`, `…-06:00`)
 * is an exact instant. Wall-clock times become instants DST-safely (`instantFromLocal`).
 */

/** A wall-clock time of the site, or an exact instant. */
export type BookingTimePoint =
  { kind: 'local'; fields: Required<LocalDateTimeFields> } | { kind: 'instant'; instant: DateTime };

export interface BookingTimes {
  start: BookingTimePoint;
  end?: BookingTimePoint;
  /** Which text they came from (for messages; never the value). */
  origin: 'formattedName' | 'dateRange';
}

export interface ResolvedTime {
  /** Wall-clock fields in the site's timezone. */
  local: Required<LocalDateTimeFields>;
  instant: DateTime;
  /** Set when the wall-clock time did not exist or occurred twice. */
  adjustment?: LocalTimeAdjustment;
}

const LOCAL_TEXT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const OFFSET_TEXT = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Parses one time text: local `YYYY-MM-DD HH:MM[:SS[.f]]`, or ISO 8601 with an offset. */
export function parseTimeText(text: string): BookingTimePoint | undefined {
  const value = text.trim();
  if (OFFSET_TEXT.test(value) && value.includes('T')) {
    const instant = DateTime.fromISO(value, { setZone: true });
    return instant.isValid ? { kind: 'instant', instant } : undefined;
  }
  const match = LOCAL_TEXT.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fields = { year, month, day, hour, minute, second };
  // A real date (checked without a zone) and a real time of day (luxon would accept hour 24).
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (!DateTime.fromObject(fields, { zone: 'utc' }).isValid) return undefined;
  return { kind: 'local', fields };
}

/** `[start, end]` as Calpendo formats a date range. */
export function parseFormattedRange(
  text: string,
): { start: BookingTimePoint; end?: BookingTimePoint } | undefined {
  const match = /^\s*\[\s*([^,\]]+?)\s*(?:,\s*([^\]]*?)\s*)?\]\s*$/.exec(text);
  if (!match?.[1]) return undefined;
  const start = parseTimeText(match[1]);
  if (!start) return undefined;
  const end = match[2] ? parseTimeText(match[2]) : undefined;
  return end ? { start, end } : { start };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Reads a detail's `dateRange` (`{ formattedName }` or `{ start, finish|end }`, or a range text). */
export function parseDateRange(
  value: unknown,
): { start: BookingTimePoint; end?: BookingTimePoint } | undefined {
  if (typeof value === 'string') return parseFormattedRange(value);
  if (!value || typeof value !== 'object') return undefined;
  const range = value as Record<string, unknown>;
  const formatted = text(range.formattedName);
  if (formatted) {
    const parsed = parseFormattedRange(formatted);
    if (parsed) return parsed;
  }
  const startText = text(range.start);
  const start = startText ? parseTimeText(startText) : undefined;
  if (!start) return undefined;
  const endText = text(range.finish) ?? text(range.end);
  const end = endText ? parseTimeText(endText) : undefined;
  return end ? { start, end } : { start };
}

/**
 * A booking's times: the first of `formattedName` texts (detail, then list) that parses, else the
 * detail's `dateRange`. Undefined when none does.
 */
export function bookingTimes(
  formattedNames: readonly unknown[],
  dateRange: unknown,
): BookingTimes | undefined {
  for (const candidate of formattedNames) {
    const value = text(candidate);
    const parsed = value ? parseFormattedRange(value) : undefined;
    if (parsed) return { ...parsed, origin: 'formattedName' };
  }
  const parsed = parseDateRange(dateRange);
  return parsed ? { ...parsed, origin: 'dateRange' } : undefined;
}

/** The instant and wall-clock fields of a time point in `timezone`. */
export function resolveTimePoint(point: BookingTimePoint, timezone: string): ResolvedTime {
  if (point.kind === 'instant') {
    const local = point.instant.setZone(timezone);
    return {
      local: {
        year: local.year,
        month: local.month,
        day: local.day,
        hour: local.hour,
        minute: local.minute,
        second: local.second,
      },
      instant: local,
    };
  }
  const { instant, adjustment } = instantFromLocal(point.fields, timezone);
  return { local: point.fields, instant, ...(adjustment ? { adjustment } : {}) };
}

/** Whole minutes between two instants (DST-aware: real elapsed time), if positive. */
export function minutesBetween(start: DateTime, end: DateTime): number | undefined {
  const minutes = Math.round(end.diff(start, 'minutes').minutes);
  return Number.isFinite(minutes) && minutes > 0 ? minutes : undefined;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `yyyy-MM-dd` and `HH:mm:ss` of wall-clock fields. */
export function localDateText(fields: Required<LocalDateTimeFields>): string {
  return `${pad(fields.year, 4)}-${pad(fields.month)}-${pad(fields.day)}`;
}

export function localTimeText(fields: Required<LocalDateTimeFields>): string {
  return `${pad(fields.hour)}:${pad(fields.minute)}:${pad(fields.second)}`;
}

/**
 * A bound of the list query, `YYYYMMDD-HHMM` in the site's wall-clock time. Calpendo compares
 * wall-clock times, which repeat or skip an hour at a DST change, so the bound is widened by
 * `padMinutes` (earlier for `floor`, later for `ceil`) and rounded to the minute outward; the
 * plugin then keeps only bookings whose instant lies in the exact window.
 */
export function queryBound(
  instant: Date,
  timezone: string,
  rounding: 'floor' | 'ceil',
  padMinutes = 60,
): string {
  let local = DateTime.fromJSDate(instant, { zone: timezone });
  local = rounding === 'floor' ? local.minus({ minutes: padMinutes }) : local.plus({ minutes: padMinutes });
  const floored = local.startOf('minute');
  const rounded = rounding === 'ceil' && floored < local ? floored.plus({ minutes: 1 }) : floored;
  return rounded.toFormat("yyyyMMdd'-'HHmm");
}
