/** Display formats of the dashboard: names, times and days as a coordinator reads them. */

/** A DICOM person name (`DOE^JANE^^^`) as "DOE, JANE". */
export function personName(pn: string): string {
  const [family = '', given = '', middle = ''] = pn.split('=')[0]!.split('^');
  const rest = [given, middle].filter((p) => p !== '').join(' ');
  return rest === '' ? family : `${family}, ${rest}`;
}

/** A DICOM TM (`093000`, `0930`) as `09:30`. */
export function clockTime(tm: string): string {
  return tm.length >= 4 ? `${tm.slice(0, 2)}:${tm.slice(2, 4)}` : tm;
}

/** A DA (`20260310`) as `2026-03-10`. */
export function isoDay(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

/** The local day (YYYY-MM-DD) of an instant in a timezone. */
export function dayIn(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** `2026-03-10` shifted by whole days (calendar arithmetic, no timezone involved). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A real calendar day written YYYY-MM-DD, or undefined. */
export function parseDay(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : undefined;
}

/** An instant as local `2026-03-10 09:30` in the site's timezone ('never' when absent). */
export function localDateTime(instant: Date | string | null | undefined, timezone: string): string {
  if (instant === null || instant === undefined) return 'never';
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** A status word as a CSS class (`IN PROGRESS` → `s-in-progress`). */
export function statusClass(status: string): string {
  return `s-${status.toLowerCase().replace(/[^a-z]+/g, '-')}`;
}

/** `COMPLETED` → `Completed`. */
export function statusLabel(status: string): string {
  if (status.toLowerCase() === 'ok') return 'OK';
  const lower = status.toLowerCase().replaceAll('_', ' ').replaceAll('-', ' ');
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}
