/**
 * The demo's worklist for a given day: examples/demo/worklist.csv is a template whose dates are
 * moved, whole days, so that its first day becomes `today` (the items then fall on today and the
 * days after it, in the template's rhythm). Plain CSV as the template is written: a header, no
 * quoted fields.
 */

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export const DEMO_DATE_COLUMN = 'scan_date';

function dayNumber(day: string): number {
  if (!ISO_DAY.test(day)) throw new Error(`not a YYYY-MM-DD day: "${day}"`);
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

function dayOf(number: number): string {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

/** `today` as YYYY-MM-DD in the given timezone (the demo's times are the host's). */
export function localDay(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export function currentDemoCsv(template: string, today: string): string {
  const lines = template.split('\n');
  const header = (lines[0] ?? '').split(',');
  const column = header.indexOf(DEMO_DATE_COLUMN);
  if (column < 0) throw new Error(`the demo CSV has no ${DEMO_DATE_COLUMN} column`);
  const rows = lines.slice(1).filter((line) => line.trim() !== '');
  if (rows.some((line) => line.includes('"'))) throw new Error('the demo CSV template must not quote fields');
  const days = rows.map((line) => dayNumber(line.split(',')[column] ?? ''));
  if (days.length === 0) throw new Error('the demo CSV has no rows');
  const shift = dayNumber(today) - Math.min(...days);
  const moved = rows.map((line, i) => {
    const fields = line.split(',');
    fields[column] = dayOf(days[i]! + shift);
    return fields.join(',');
  });
  return `${[lines[0], ...moved].join('\n')}\n`;
}
