import { describe, expect, it } from 'vitest';
import { isValidStringVr } from './dicom/strings.ts';
import { assignIdentifiers, shortIdFor } from './identifiers.ts';
import { sampleEntry } from './test-entries.ts';
import { worklistEntrySchema } from './worklist-entry.ts';

describe('assignIdentifiers', () => {
  it('keeps identifiers the source provides', () => {
    const entry = worklistEntrySchema.parse(sampleEntry({ accessionNumber: 'ACC1', spsId: 'SPS1' }));
    expect(assignIdentifiers(entry)).toMatchObject({ accessionNumber: 'ACC1', spsId: 'SPS1' });
  });

  it('derives stable SH-valid ids from the key when the source has none', () => {
    const entry = worklistEntrySchema.parse(sampleEntry());
    const ids = assignIdentifiers(entry);
    expect(assignIdentifiers(entry)).toEqual(ids);
    expect(isValidStringVr('SH', ids.requestedProcedureId)).toBe(true);
    expect(ids.requestedProcedureId).toHaveLength(16);
    expect(ids.spsId).not.toBe(ids.requestedProcedureId);
    expect(ids.accessionNumber).toBe('');
  });

  it('gives different short ids to different keys', () => {
    expect(shortIdFor('rp', 'redcap', '1')).not.toBe(shortIdFor('rp', 'redcap', '2'));
  });
});
