import type { Prisma } from '@mwl/db';
import { DateTime } from 'luxon';
import { CliUsageError } from '../errors.ts';

/** What `query` selects, as given on the command line (all optional). */
export interface WorklistFilterInput {
  date?: string;
  from?: string;
  to?: string;
  modality?: string;
  station?: string;
  status?: string;
  source?: string;
  /** Cancelled items too. */
  all?: boolean;
}

export interface WorklistFilter {
  where: Prisma.WorklistItemWhereInput;
  /** For the heading: the selected date range, `YYYYMMDD` bounds. */
  range: { from?: string; to?: string };
}

/** `YYYYMMDD`, `YYYY-MM-DD` or `today` / `tomorrow` / `yesterday` (in `timezone`) → DA. */
export function parseDay(option: string, value: string, now: Date, timezone: string): string {
  const today = DateTime.fromJSDate(now, { zone: timezone });
  const relative: Record<string, number> = { yesterday: -1, today: 0, tomorrow: 1 };
  const offset = relative[value.toLowerCase()];
  if (offset !== undefined) return today.plus({ days: offset }).toFormat('yyyyMMdd');
  const digits = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value.trim());
  const date = digits
    ? DateTime.fromObject({ year: +digits[1]!, month: +digits[2]!, day: +digits[3]! })
    : undefined;
  if (!date?.isValid) throw new CliUsageError(`--${option} must be a date: YYYYMMDD, YYYY-MM-DD or today`);
  return date.toFormat('yyyyMMdd');
}

const list = (value: string | undefined, upper: boolean): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => (upper ? item.trim().toUpperCase() : item.trim()))
    .filter((item) => item !== '');

/** The Prisma filter of `query`'s options. Pure: `now` and `timezone` resolve `today`. */
export function worklistFilter(input: WorklistFilterInput, now: Date, timezone: string): WorklistFilter {
  if (input.date !== undefined && (input.from !== undefined || input.to !== undefined)) {
    throw new CliUsageError('give --date, or --from/--to, not both');
  }
  const from = input.date ?? input.from;
  const to = input.date ?? input.to;
  const range = {
    ...(from !== undefined && { from: parseDay(input.date ? 'date' : 'from', from, now, timezone) }),
    ...(to !== undefined && { to: parseDay(input.date ? 'date' : 'to', to, now, timezone) }),
  };
  if (range.from && range.to && range.from > range.to) throw new CliUsageError('--from is after --to');
  const modalities = list(input.modality, true);
  const stations = list(input.station, false);
  const statuses = list(input.status, true).map((s) => (s === 'CANCELLED' ? 'CANCELED' : s));
  const sources = list(input.source, false);
  const where: Prisma.WorklistItemWhereInput = {
    ...((range.from ?? range.to) !== undefined && {
      spsStartDate: { ...(range.from && { gte: range.from }), ...(range.to && { lte: range.to }) },
    }),
    ...(modalities.length > 0 && { modality: { in: modalities } }),
    ...(stations.length > 0 && { scheduledStationAeTitle: { in: stations } }),
    ...(statuses.length > 0 && { status: { in: statuses } }),
    ...(sources.length > 0 && { source: { in: sources } }),
    ...(input.all !== true && !statuses.includes('CANCELED') && { cancelledAt: null }),
  };
  return { where, range };
}
