import { DateTime } from 'luxon';
import type { DataSourceConfig, OperationWindow } from './source-schema.ts';
import type { MwlBridgeConfig } from './config-schema.ts';

/**
 * Whether `now` falls inside a daily window of local wall-clock time in `timezone`.
 *
 * - No window: always inside.
 * - Both ends inclusive at minute precision, as Pylantir compared them: `[8,0]–[18,0]` includes
 *   18:00:59 and excludes 18:01. Pylantir's default `[0,0]–[23,59]` is the whole day.
 * - `start > end` wraps midnight: `[22,0]–[6,0]` is 22:00–23:59 and 00:00–06:00.
 * - `start == end` is the whole day (a one-minute window could not hold a sync tick reliably).
 * - Daylight saving time: the local clock decides. A window ending inside the skipped spring hour
 *   simply ends at the jump; in the repeated autumn hour both passes are inside or outside alike.
 */
export function isInOperationWindow(
  window: OperationWindow | undefined,
  now: Date,
  timezone: string,
): boolean {
  if (window === undefined) return true;
  const local = DateTime.fromJSDate(now, { zone: timezone });
  if (!local.isValid) throw new RangeError(`invalid timezone "${timezone}"`);
  const minute = local.hour * 60 + local.minute;
  const start = window.start_time[0] * 60 + window.start_time[1];
  const end = window.end_time[0] * 60 + window.end_time[1];
  if (start === end) return true;
  if (start < end) return minute >= start && minute <= end;
  return minute >= start || minute <= end;
}

/** The zone a source's operation window is read in: its own, else the config's. */
export function sourceTimezone(
  config: Pick<MwlBridgeConfig, 'timezone'>,
  source: Pick<DataSourceConfig, 'timezone'>,
): string {
  return source.timezone ?? config.timezone;
}
