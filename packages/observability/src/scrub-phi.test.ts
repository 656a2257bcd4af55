import { describe, expect, it } from 'vitest';
import { isPhiKey, normalizeKey } from './phi-keys.ts';
import { scrubPhi } from './scrub-phi.ts';

describe('isPhiKey', () => {
  it.each([
    ['patientName'],
    ['patient_name'],
    ['PatientName'],
    ['PATIENT_NAME'],
    ['patient-name'],
    ['patientID'],
    ['PatientID'],
    ['patient_id'],
    ['PatientBirthDate'],
    ['patientSex'],
    ['patientWeightKg'],
    ['PatientWeight'],
    ['patientSizeM'],
    ['IssuerOfPatientID'],
    ['OtherPatientIDs'],
    ['patientAddress'],
    ['ReferringPhysicianName'],
    ['scheduledPerformingPhysician'],
    ['ScheduledPerformingPhysicianName'],
    ['AccessionNumber'],
    ['accession_number'],
    ['00100010'],
    ['x00100010'],
    ['0x00100020'],
    ['(0010,0030)'],
    ['0010,0040'],
    ['00101030'],
    ['00080090'],
    ['00400006'],
    ['00080050'],
    ['dob'],
    ['Alphabetic'],
  ])('treats %s as patient data', (key) => {
    expect(isPhiKey(key)).toBe(true);
  });

  it.each([
    ['source'],
    ['sourceKey'],
    ['source_key'],
    ['studyInstanceUid'],
    ['modality'],
    ['status'],
    ['name'],
    ['remoteAddress'],
    ['callingAe'],
    ['jobId'],
    ['00080060'],
  ])('does not treat %s as patient data', (key) => {
    expect(isPhiKey(key)).toBe(false);
  });
});

describe('normalizeKey', () => {
  it.each([
    ['PatientID', 'patientid'],
    ['patient_id', 'patientid'],
    ['(0010,0020)', '00100020'],
    ['x00100020', '00100020'],
    ['0X00100020', '00100020'],
  ])('normalizes %s to %s', (key, expected) => {
    expect(normalizeKey(key)).toBe(expected);
  });
});

describe('scrubPhi', () => {
  it('returns a clean object as the same reference', () => {
    const clean = { source: 'redcap', nested: { list: [1, 2, { modality: 'MR' }] }, at: new Date(0) };
    expect(scrubPhi(clean)).toBe(clean);
  });

  it('copies only the branches that held patient data', () => {
    const untouched = { modality: 'MR' };
    const input = { untouched, entry: { patientId: 'P123', source: 'redcap' } };
    const output = scrubPhi(input);
    expect(output).toEqual({ untouched, entry: { patientId: '[REDACTED]', source: 'redcap' } });
    expect(output.untouched).toBe(untouched);
    expect(input.entry.patientId).toBe('P123');
  });

  it('redacts a whole value under a PHI key, whatever its type', () => {
    expect(scrubPhi({ PatientName: [{ Alphabetic: 'DOE^JANE' }], patientWeightKg: 61.5 })).toEqual({
      PatientName: '[REDACTED]',
      patientWeightKg: '[REDACTED]',
    });
  });

  it('replaces a cycle with a marker instead of the unscrubbed original', () => {
    const entry: Record<string, unknown> = { patientId: 'P123' };
    entry.self = entry;
    expect(scrubPhi(entry)).toEqual({ patientId: '[REDACTED]', self: '[Circular]' });
  });

  it('scrubs an object shared by two branches in both places', () => {
    const shared = { patientId: 'P123' };
    expect(scrubPhi({ a: shared, b: shared })).toEqual({
      a: { patientId: '[REDACTED]' },
      b: { patientId: '[REDACTED]' },
    });
  });

  it('scrubs the own properties of class instances', () => {
    class Dataset {
      readonly elements = { PatientName: 'DOE^JANE', Modality: 'MR' };
    }
    expect(JSON.stringify(scrubPhi({ dataset: new Dataset() }))).toBe(
      '{"dataset":{"elements":{"PatientName":"[REDACTED]","Modality":"MR"}}}',
    );
  });

  it('scrubs what toJSON returns', () => {
    const value = { toJSON: () => ({ patientId: 'P123', source: 'redcap' }) };
    expect(scrubPhi({ value })).toEqual({ value: { patientId: '[REDACTED]', source: 'redcap' } });
  });

  it('turns nested errors into serialized errors without patient data', () => {
    const error = Object.assign(new Error('rejected'), { row: { patientId: 'P123' } });
    expect(scrubPhi({ failure: error })).toMatchObject({
      failure: { type: 'Error', message: 'rejected', row: { patientId: '[REDACTED]' } },
    });
  });

  it('describes binary data by its size', () => {
    expect(scrubPhi({ pdu: new Uint8Array(12) })).toEqual({ pdu: '[Binary: 12 bytes]' });
  });

  it('truncates structures deeper than it walks', () => {
    let deep: Record<string, unknown> = { patientId: 'P123' };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    expect(JSON.stringify(scrubPhi(deep))).not.toContain('P123');
  });

  it('passes primitives through', () => {
    expect(scrubPhi('DOE^JANE')).toBe('DOE^JANE');
    expect(scrubPhi(null)).toBeNull();
    expect(scrubPhi(7)).toBe(7);
  });
});
