import { parseTM } from '../dicom/date-time.ts';
import { instantFromLocal } from '../schedule-time.ts';
import type { MppsCreated } from './mpps-create.ts';
import type { MppsUpdated } from './mpps-set.ts';

/**
 * The instant of an MPPS date (DA) and time (TM) in the site's IANA `timezone` (PPS start and end
 * are local times), or null when either is missing or invalid. DIMSE and DICOMweb MPPS store the
 * same `started_at`/`ended_at` through it.
 */
export function mppsLocalInstant(
  date: string | undefined,
  time: string | undefined,
  timezone: string,
): Date | null {
  if (!date || !time || !/^\d{8}$/.test(date)) return null;
  const parts = parseTM(time);
  if (!parts) return null;
  try {
    const { instant } = instantFromLocal(
      {
        year: Number(date.slice(0, 4)),
        month: Number(date.slice(4, 6)),
        day: Number(date.slice(6, 8)),
        hour: parts.hour,
        minute: parts.minute,
        second: Math.min(parts.second, 59),
      },
      timezone,
    );
    return instant.toJSDate();
  } catch {
    return null;
  }
}

/** `started_at` of an accepted create. */
export function mppsStartedAt(created: MppsCreated, timezone: string): Date | null {
  return mppsLocalInstant(created.startDate, created.startTime, timezone);
}

/** `ended_at` of an accepted update: set when it moved the instance to a final state. */
export function mppsEndedAt(updated: MppsUpdated, timezone: string): Date | null {
  return updated.final ? mppsLocalInstant(updated.endDate, updated.endTime, timezone) : null;
}
