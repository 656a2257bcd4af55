import { describe, expect, it } from 'vitest';
import { currentDemoCsv, localDay } from './demo-worklist.ts';

const TEMPLATE = `id,name,scan_date,scan_time
a,Ann,2026-11-23,09:00
b,Bob,2026-11-23,10:00
c,Cy,2026-11-25,11:00
d,Di,2026-12-04,08:30
`;

describe('currentDemoCsv', () => {
  it('moves every date by whole days so the first one is today, keeping the rest', () => {
    expect(currentDemoCsv(TEMPLATE, '2027-02-27')).toBe(`id,name,scan_date,scan_time
a,Ann,2027-02-27,09:00
b,Bob,2027-02-27,10:00
c,Cy,2027-03-01,11:00
d,Di,2027-03-10,08:30
`);
  });

  it('keeps the dates when the first one is today, and moves them back too', () => {
    expect(currentDemoCsv(TEMPLATE, '2026-11-23')).toBe(TEMPLATE);
    expect(currentDemoCsv(TEMPLATE, '2026-11-20').split('\n')[1]).toBe('a,Ann,2026-11-20,09:00');
  });

  it('refuses a template without the date column, with a bad date, or with quoted fields', () => {
    expect(() => currentDemoCsv('id,when\na,2026-01-01\n', '2026-01-01')).toThrow('no scan_date column');
    expect(() => currentDemoCsv('id,scan_date\na,01/02/2026\n', '2026-01-01')).toThrow(
      'not a YYYY-MM-DD day',
    );
    expect(() => currentDemoCsv('id,scan_date\n"a",2026-01-01\n', '2026-01-01')).toThrow('must not quote');
  });

  it('localDay is the calendar day in the timezone', () => {
    const instant = new Date('2026-12-05T05:00:00Z');
    expect(localDay(instant, 'UTC')).toBe('2026-12-05');
    expect(localDay(instant, 'America/Edmonton')).toBe('2026-12-04');
  });
});
