/**
 * DICOM DA and TM values (PS3.5 6.2). The store holds DA as `YYYYMMDD` and TM as `HHMMSS`;
 * queries may send the shorter TM forms (`HH`, `HHMM`) and fractions, which `normalizeTM` accepts.
 */

const DA_PATTERN = /^(\d{4})(\d{2})(\d{2})$/;
const TM_PATTERN = /^(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,6}))?)?)?$/;

export function isValidDA(value: string): boolean {
  const match = DA_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export interface TimeParts {
  hour: number;
  minute: number;
  second: number;
  /** Fraction of a second in microseconds (0–999999). */
  micros: number;
}

/** Parses any TM form (`HH`, `HHMM`, `HHMMSS`, `HHMMSS.F{1,6}`); undefined when invalid. */
export function parseTM(value: string): TimeParts | undefined {
  const match = TM_PATTERN.exec(value);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  // 60 is allowed for a leap second by PS3.5; we accept it and clamp later where it matters.
  const second = match[3] === undefined ? 0 : Number(match[3]);
  const micros = match[4] === undefined ? 0 : Number(match[4].padEnd(6, '0'));
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  return { hour, minute, second, micros };
}

export function isValidTM(value: string): boolean {
  return parseTM(value) !== undefined;
}

/** The canonical stored form `HHMMSS` of any valid TM (fractions dropped); throws when invalid. */
export function normalizeTM(value: string): string {
  const parts = parseTM(value);
  if (!parts) throw new RangeError(`not a DICOM TM value: ${JSON.stringify(value)}`);
  return formatTM(parts);
}

export function formatTM(parts: Pick<TimeParts, 'hour' | 'minute' | 'second'>): string {
  return [parts.hour, parts.minute, Math.min(parts.second, 59)]
    .map((n) => String(n).padStart(2, '0'))
    .join('');
}

export function formatDA(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}
