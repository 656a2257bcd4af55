import type { WorklistEntry } from '@mwl/domain';
import { mapRow, type EntryMapping } from '../mapping/map-entry.ts';
import type { ScheduleSpec } from '../mapping/schedule.ts';
import type { EntryWarning, Rejection } from '../rejection.ts';
import { bookingRow, projectName, resourceName } from './booking-row.ts';
import {
  bookingTimes,
  localDateText,
  localTimeText,
  minutesBetween,
  resolveTimePoint,
  type BookingTimes,
  type ResolvedTime,
} from './booking-time.ts';
import type { BookingDetail, ListedBooking } from './responses.ts';
import { isStudyAllowed, modalityForResource, type StatusVerdict } from './rules.ts';

/** How one booking turns into a worklist entry, a rejection, or nothing. */

export interface BookingContext {
  source: string;
  timezone: string;
  /** The field mapping (the status target is set per booking). */
  fields: EntryMapping['fields'];
  statusOf: (status: string | undefined) => StatusVerdict;
  modalityMapping: Readonly<Record<string, string>>;
  defaultModality: string;
  allowedStudies?: readonly string[];
  /** Bookings starting outside `[from, to)` are left out (a targeted fetch has none). */
  window?: { from: Date; to: Date };
}

export type SkipReason = 'status' | 'study' | 'vanished' | 'cancelled-unmappable';

export type BookingOutcome =
  | { kind: 'entry'; entry: WorklistEntry; warnings: EntryWarning[] }
  | { kind: 'rejection'; rejection: Rejection }
  | { kind: 'skipped'; reason: SkipReason }
  | { kind: 'outside' };

/** The wall-clock start the mapping engine turns into the scheduled date, time and instant. */
export const CALPENDO_SCHEDULE: ScheduleSpec = {
  date: { field: 'start.date', format: 'yyyy-MM-dd' },
  time: { field: 'start.time', format: 'HH:mm:ss' },
};

const rawRef = (id: string) => `booking=${id}`;

function inWindow(instant: ResolvedTime['instant'], window: BookingContext['window']): boolean {
  if (!window) return true;
  const at = instant.toMillis();
  return at >= window.from.getTime() && at < window.to.getTime();
}

/**
 * Decides from the list alone whether a booking's detail is worth fetching: its status is one the
 * worklist uses, and its start (when the list's `formattedName` parses) lies in the window.
 */
export function screenListed(listed: ListedBooking, context: BookingContext): 'fetch' | BookingOutcome {
  if (listed.status !== undefined && context.statusOf(listed.status).decision === 'skip') {
    return { kind: 'skipped', reason: 'status' };
  }
  const times = bookingTimes([listed.formattedName], undefined);
  if (times && !inWindow(resolveTimePoint(times.start, context.timezone).instant, context.window)) {
    return { kind: 'outside' };
  }
  return 'fetch';
}

function timeRejection(listed: ListedBooking, detail: BookingDetail | undefined): Rejection {
  const properties = (detail?.properties ?? {}) as Record<string, unknown>;
  const present = [detail?.formattedName, listed.formattedName, properties.dateRange, detail?.dateRange].some(
    (value) => value !== undefined && value !== null && value !== '',
  );
  return {
    sourceKey: listed.id,
    reasonCode: present ? 'MWL_REJECT_INVALID_DATE' : 'MWL_REJECT_NO_SCHEDULED_DATE',
    message: present
      ? 'the booking time (formattedName, dateRange) is not "[YYYY-MM-DD HH:MM:SS.f, YYYY-MM-DD HH:MM:SS.f]"'
      : 'the booking has no time (formattedName, dateRange)',
    fields: ['spsStartDate'],
    rawRef: rawRef(listed.id),
  };
}

function detailTimes(listed: ListedBooking, detail: BookingDetail | undefined): BookingTimes | undefined {
  const properties = (detail?.properties ?? {}) as Record<string, unknown>;
  return bookingTimes(
    [detail?.formattedName, listed.formattedName],
    properties.dateRange ?? detail?.dateRange,
  );
}

/** Maps one booking read in full (the detail wins over the list where both have a field). */
export function processBooking(
  input: { listed: ListedBooking; detail: BookingDetail | undefined; operator?: string },
  context: BookingContext,
): BookingOutcome {
  const { listed, detail } = input;
  const status = typeof detail?.status === 'string' ? detail.status : listed.status;
  const verdict = context.statusOf(status);
  if (verdict.decision === 'skip') return { kind: 'skipped', reason: 'status' };
  const cancelled = verdict.decision === 'CANCELED';

  const times = detailTimes(listed, detail);
  if (!times)
    return cancelled
      ? { kind: 'skipped', reason: 'cancelled-unmappable' }
      : { kind: 'rejection', rejection: timeRejection(listed, detail) };
  const start = resolveTimePoint(times.start, context.timezone);
  if (!inWindow(start.instant, context.window)) return { kind: 'outside' };
  const end = times.end ? resolveTimePoint(times.end, context.timezone) : undefined;

  const base = bookingRow({ listed, detail, operator: input.operator });
  if (!isStudyAllowed(projectName(base), context.allowedStudies)) return { kind: 'skipped', reason: 'study' };
  const computedMinutes = end ? minutesBetween(start.instant, end.instant) : undefined;
  const row = {
    ...base,
    'resource.modality': modalityForResource(
      resourceName(base),
      context.modalityMapping,
      context.defaultModality,
    ).modality,
    'start.date': localDateText(start.local),
    'start.time': localTimeText(start.local),
    ...(end ? { 'end.date': localDateText(end.local), 'end.time': localTimeText(end.local) } : {}),
    ...(base.durationInMinutes === undefined && computedMinutes !== undefined
      ? { durationInMinutes: String(computedMinutes) }
      : {}),
  };

  const mapping: EntryMapping = {
    fields: { ...context.fields, status: { constant: verdict.decision } },
    schedule: CALPENDO_SCHEDULE,
  };
  const result = mapRow(
    mapping,
    { row, sourceKey: listed.id, rawRef: rawRef(listed.id) },
    { source: context.source, timezone: context.timezone },
  );
  if (!result.ok) {
    return cancelled
      ? { kind: 'skipped', reason: 'cancelled-unmappable' }
      : { kind: 'rejection', rejection: result.rejection };
  }
  if (times.start.kind === 'instant') {
    // An exact instant: keep it (the wall-clock time alone may be ambiguous) and drop DST notes.
    const entry = { ...result.entry, spsStartAt: start.instant.toISO({ suppressMilliseconds: true }) ?? '' };
    const warnings = result.warnings.filter((w) => !w.code.startsWith('MWL_WARN_DST_'));
    return { kind: 'entry', entry, warnings };
  }
  return { kind: 'entry', entry: result.entry, warnings: result.warnings };
}
