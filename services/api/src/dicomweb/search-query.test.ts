import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './search-query.ts';

const parse = (query: string) => parseSearchQuery(new URLSearchParams(query), 1000).identifier;
const SPS = 'ScheduledProcedureStepSequence';
const spsOf = (identifier: Record<string, unknown>) => (identifier[SPS] as Record<string, unknown>[])[0]!;

describe('the return keys of a DICOMweb worklist search (includefield)', () => {
  it('returns the required and type 1 keys by default, not the optional ones', () => {
    const identifier = parse('');
    expect(identifier).toMatchObject({ PatientName: '', PatientID: '', StudyInstanceUID: '' });
    expect(Object.keys(spsOf(identifier))).toEqual(
      expect.arrayContaining(['ScheduledStationAETitle', 'ScheduledProcedureStepStartDate', 'Modality']),
    );
    expect(identifier).not.toHaveProperty('AccessionNumber');
    expect(identifier).not.toHaveProperty('PatientBirthDate');
    expect(spsOf(identifier)).not.toHaveProperty('ScheduledStationName');
  });

  it('adds what includefield names, by keyword, tag or nested path, in one or several parameters', () => {
    const identifier = parse('includefield=AccessionNumber,00100030&includefield=00400100.00400010');
    expect(identifier).toMatchObject({ AccessionNumber: '', PatientBirthDate: '' });
    expect(spsOf(identifier)).toHaveProperty('ScheduledStationName', '');
  });

  it('returns every supported attribute for includefield=all', () => {
    const identifier = parse('includefield=all');
    expect(identifier).toHaveProperty('MedicalAlerts', '');
    expect(spsOf(identifier)).toHaveProperty('ScheduledProcedureStepStatus', '');
  });

  it('returns a matching key even when it is not a default one', () => {
    expect(parse('AccessionNumber=ACC1')).toHaveProperty('AccessionNumber', 'ACC1');
  });

  it('keeps a matching key inside a sequence that includefield names whole', () => {
    const sps = spsOf(parse(`${SPS}.Modality=CT&includefield=${SPS}`));
    expect(sps).toMatchObject({ Modality: 'CT', ScheduledStationName: '', ScheduledProcedureStepStatus: '' });
  });

  it('refuses an includefield that names no supported attribute', () => {
    expect(() => parse('includefield=NoSuchThing')).toThrow(/invalid search/);
  });
});
