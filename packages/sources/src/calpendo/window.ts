import { DateTime } from 'luxon';
import type { CalpendoConfig } from './config.ts';

/**
 * The bookings a Calpendo fetch covers: those starting in `[now − lookback, now + horizon)`.
 * Lookback is `lookback_hours`, else Pylantir's `sync_interval × lookback_multiplier` seconds.
 * `window_mode: "daily"` (Pylantir's `daily_window: true`) widens both ends to whole local days.
 */

export interface WindowOptions {
  /** The source's `sync_interval` in seconds (Pylantir's lookback unit); default 60. */
  syncIntervalSeconds?: number;
}

export type WindowSettings = Pick<
  CalpendoConfig,
  'lookback_hours' | 'lookback_multiplier' | 'horizon_hours' | 'window_mode' | 'daily_window'
>;

export function calpendoWindow(
  settings: WindowSettings,
  now: Date,
  timezone: string,
  options: WindowOptions = {},
): { from: Date; to: Date } {
  const lookbackMs =
    settings.lookback_hours !== undefined
      ? settings.lookback_hours * 3_600_000
      : settings.lookback_multiplier * (options.syncIntervalSeconds ?? 60) * 1000;
  const from = new Date(now.getTime() - lookbackMs);
  const to = new Date(now.getTime() + settings.horizon_hours * 3_600_000);
  const daily =
    settings.window_mode === 'daily' ||
    (settings.window_mode === undefined && settings.daily_window === true);
  if (!daily) return { from, to };
  const start = DateTime.fromJSDate(from, { zone: timezone }).startOf('day');
  const endLocal = DateTime.fromJSDate(to, { zone: timezone });
  const endDay = endLocal.startOf('day');
  const end = endDay < endLocal ? endDay.plus({ days: 1 }) : endDay;
  return { from: start.toJSDate(), to: end.toJSDate() };
}
