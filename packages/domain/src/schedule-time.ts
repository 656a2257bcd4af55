import { DateTime } from 'luxon';

/**
 * Converting between a site's local wall-clock schedule and instants, DST-safe. Scanners show the
 * local date and time (DA/TM); reconciliation windows and sorting use the instant.
 */

export interface LocalSchedule {
  /** DA `YYYYMMDD` in the site's timezone. */
  spsStartDate: string;
  /** TM `HHMMSS` in the site's timezone. */
  spsStartTime: string;
  /** ISO-8601 instant with offset. */
  spsStartAt: string;
}

export type LocalTimeAdjustment =
  /** The wall-clock time occurred twice (fall back); the earlier instant was taken. */
  | 'ambiguous-took-earlier'
  /** The wall-clock time never occurred (spring forward); it was moved forward by the gap. */
  | 'nonexistent-shifted-forward';

const HOUR_MS = 3_600_000;

/**
 * Zone names checked so far. A pure memo of a pure answer (the tz database does not change while a
 * process runs), kept because every entry is validated and luxon's check costs ~0.2 ms.
 */
const knownZones = new Map<string, boolean>();

export function isValidTimezone(zone: string): boolean {
  let valid = knownZones.get(zone);
  if (valid === undefined) {
    valid = DateTime.now().setZone(zone).isValid;
    if (knownZones.size < 1000) knownZones.set(zone, valid);
  }
  return valid;
}

/**
 * Local wall-clock times already worked out, by zone and instant: another pure memo. Every entry is
 * validated against its zone (on both sides of the queue), luxon's conversion costs ~8 µs, and
 * schedules share their slots: a month of bookings has a few thousand distinct start instants.
 */
const wallClocks = new Map<string, string | null>();
const MAX_WALL_CLOCKS = 20_000;

/**
 * `YYYYMMDDHHMMSS` of `instantMs` in `timezone`, or null when the zone or instant is invalid.
 * Numeric parts, not toFormat: this runs for every entry.
 */
export function localWallClockAt(instantMs: number, timezone: string): string | null {
  const key = `${timezone}\u0000${instantMs}`;
  let wallClock = wallClocks.get(key);
  if (wallClock === undefined) {
    const local = DateTime.fromMillis(instantMs, { zone: timezone });
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    wallClock = local.isValid
      ? `${pad(local.year, 4)}${pad(local.month)}${pad(local.day)}` +
        `${pad(local.hour)}${pad(local.minute)}${pad(local.second)}`
      : null;
    if (wallClocks.size >= MAX_WALL_CLOCKS) wallClocks.clear();
    wallClocks.set(key, wallClock);
  }
  return wallClock;
}

export function localScheduleFromInstant(instant: Date | string, timezone: string): LocalSchedule {
  const base =
    typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : DateTime.fromJSDate(instant);
  const local = base.setZone(timezone);
  if (!local.isValid) throw new RangeError(`invalid instant or timezone: ${local.invalidExplanation ?? ''}`);
  return {
    spsStartDate: local.toFormat('yyyyMMdd'),
    spsStartTime: local.toFormat('HHmmss'),
    spsStartAt: local.toISO({ suppressMilliseconds: true }) ?? '',
  };
}

export interface LocalDateTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/**
 * The instant of a local wall-clock time. Ambiguous times (fall back) take the earlier instant;
 * non-existent times (spring forward) move forward by the gap. Either case is reported so the
 * caller can log it.
 */
export function instantFromLocal(
  fields: LocalDateTimeFields,
  timezone: string,
): { instant: DateTime; adjustment?: LocalTimeAdjustment } {
  const wanted = { ...fields, second: fields.second ?? 0, millisecond: 0 };
  const resolved = DateTime.fromObject(wanted, { zone: timezone });
  if (!resolved.isValid) throw new RangeError(`invalid local time: ${resolved.invalidExplanation ?? ''}`);
  const sameWallClock =
    resolved.hour === wanted.hour && resolved.minute === wanted.minute && resolved.day === wanted.day;
  if (!sameWallClock) return { instant: resolved, adjustment: 'nonexistent-shifted-forward' };
  // The same wall-clock time one hour later in instants means the hour was repeated. That needs
  // an offset change within the hour either side: asking the zone for those two offsets is much
  // cheaper than building the two candidates, and rules it out for all but two hours a year.
  const at = resolved.toMillis();
  const zone = resolved.zone;
  if (zone.offset(at - HOUR_MS) === resolved.offset && zone.offset(at + HOUR_MS) === resolved.offset) {
    return { instant: resolved };
  }
  const [earlier, later] = [resolved.minus({ hours: 1 }), resolved.plus({ hours: 1 })];
  for (const candidate of [earlier, later]) {
    if (
      candidate.offset !== resolved.offset &&
      candidate.hour === wanted.hour &&
      candidate.minute === wanted.minute
    ) {
      const first = candidate < resolved ? candidate : resolved;
      return { instant: first, adjustment: 'ambiguous-took-earlier' };
    }
  }
  return { instant: resolved };
}
