import { WORKLIST_COLUMNS, type WorklistRow } from '@mwl/domain';
import { describe, expect, it } from 'vitest';
import { worklistRowOf, type FoundWorklistRow } from './found-worklist-row.ts';

/** A found row whose every field holds a value of its own (its name), and the paging id. */
function foundRow(extra: unknown): FoundWorklistRow {
  const row: Record<string, unknown> = { id: '42' };
  for (const field of Object.values(WORKLIST_COLUMNS)) row[field] = field;
  row.extra = extra;
  return row as unknown as FoundWorklistRow;
}

describe('worklistRowOf', () => {
  it('copies every WorklistRow field and drops the paging id', () => {
    const row = worklistRowOf(foundRow({ InstitutionName: 'Site' }));
    expect(Object.keys(row).sort()).toEqual(Object.values(WORKLIST_COLUMNS).sort());
    for (const field of Object.values(WORKLIST_COLUMNS)) {
      if (field !== 'extra') expect(row[field as keyof WorklistRow], field).toBe(field);
    }
    expect(row.extra).toEqual({ InstitutionName: 'Site' });
    expect(row).not.toHaveProperty('id');
  });

  it.each([[null], [['a']], ['text'], [7]])('makes an extra of %j an empty record', (extra) => {
    expect(worklistRowOf(foundRow(extra)).extra).toEqual({});
  });
});
