import { describe, expect, it } from 'vitest';
import { sampleEntry } from './test-entries.ts';
import { validateEntry } from './worklist-entry.ts';

describe('validateEntry', () => {
  it('accepts a canonical entry and applies defaults', () => {
    const result = validateEntry(sampleEntry());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.entry).toMatchObject({ status: 'SCHEDULED', extra: {} });
  });

  it.each([
    ['patientBirthDate', '1980'],
    ['patientBirthDate', '1980-01-15'],
    ['spsStartDate', '2026-03-10'],
    ['spsStartTime', '0930'],
    ['patientSex', '2'],
    ['patientSex', 'female'],
    ['modality', 'mr'],
    ['scheduledStationAeTitle', 'THIS_AE_TITLE_IS_TOO_LONG'],
    ['patientName', 'A\\B'],
    ['patientName', '   '],
    ['patientId', ''],
    ['studyInstanceUid', '1.2.03'],
    ['timezone', 'Mars/Olympus'],
    ['patientWeightKg', -3],
  ])('rejects %s = %j with a problem naming the field', (field, value) => {
    const result = validateEntry(sampleEntry({ [field]: value }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toContain(field);
  });

  it('rejects an instant that disagrees with the local date and time', () => {
    const result = validateEntry(sampleEntry({ spsStartAt: '2026-03-10T09:30:00Z' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.path).toBe('spsStartAt');
  });

  it('rejects unknown fields', () => {
    expect(validateEntry({ ...sampleEntry(), patientNmae: 'x' }).ok).toBe(false);
  });

  it('never puts the rejected value into a problem message', () => {
    const result = validateEntry(sampleEntry({ patientName: 'SECRET\\NAME', patientBirthDate: '1980' }));
    expect(JSON.stringify(result)).not.toMatch(/SECRET|1980/);
  });
});
