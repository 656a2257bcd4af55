import { describe, expect, it } from 'vitest';
import { HASH_VERSION, canonicalJson, changeHash } from './change-hash.ts';
import { sampleEntry } from './test-entries.ts';
import { worklistEntrySchema, type WorklistEntry } from './worklist-entry.ts';

const entry = (overrides = {}): WorklistEntry => worklistEntrySchema.parse(sampleEntry(overrides));

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('changeHash', () => {
  it('does not depend on key order', () => {
    const original = entry();
    const reversed = Object.fromEntries(Object.entries(original).reverse()) as WorklistEntry;
    expect(changeHash(reversed)).toBe(changeHash(original));
  });

  it('treats an absent optional field like an undefined one', () => {
    const withUndefined = { ...entry(), issuerOfPatientId: undefined };
    expect(changeHash(withUndefined)).toBe(changeHash(entry()));
  });

  it('ignores the identity fields, which are the key and not the content', () => {
    expect(changeHash(entry({ source: 'other', sourceKey: 'x' }))).toBe(changeHash(entry()));
  });

  it.each([
    ['patientName', 'Doe^Janet'],
    ['spsStartTime', '100000'],
    ['status', 'CANCELED'],
    ['extra', { StudyComments: 'x' }],
  ])('changes when %s changes', (field, value) => {
    const changed = { ...entry(), [field]: value };
    expect(changeHash(changed)).not.toBe(changeHash(entry()));
  });

  it('is a stable sha256 hex digest', () => {
    expect(changeHash(entry())).toMatch(/^[0-9a-f]{64}$/);
    expect(changeHash(entry())).toBe(changeHash(entry()));
  });
});

// Pinned values. Every stored row carries a change hash; if the canonical form changed without
// HASH_VERSION being bumped, the writer would see every row as changed (or, worse, miss real
// changes) and nothing else would fail. The entry is spelled out in full here rather than taken
// from sampleEntry(), so editing that helper cannot move these values. If this test fails, the
// canonical form changed: bump HASH_VERSION and then update the literals below.
describe('changeHash of a fixed entry', () => {
  const fixed: WorklistEntry = {
    source: 'redcap',
    sourceKey: '1001/baseline_arm_1/mri/1',
    patientName: 'Doe^Jane',
    patientId: 'SUB-1001',
    issuerOfPatientId: 'SITE-A',
    patientBirthDate: '19800115',
    patientSex: 'F',
    patientWeightKg: 61.5,
    patientSizeM: 1.68,
    accessionNumber: 'ACC0001',
    studyInstanceUid: '1.2.826.0.1.3680043.10.1.1',
    requestedProcedureId: 'RP0001',
    requestedProcedureDescription: 'Brain MRI',
    studyDescription: 'Study Brain',
    referringPhysicianName: 'Smith^John',
    spsId: 'SPS0001',
    spsDescription: 'Brain protocol',
    protocolCode: { value: 'P1', scheme: '99LOCAL', meaning: 'Brain' },
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    scheduledStationName: 'SCANNER1',
    scheduledPerformingPhysician: 'Tech^Terry',
    spsStartDate: '20260310',
    spsStartTime: '093000',
    spsStartAt: '2026-03-10T09:30:00-06:00',
    timezone: 'America/Edmonton',
    durationMinutes: 45,
    status: 'SCHEDULED',
    extra: { StudyComments: 'fasting', AdmissionID: 'ADM-7' },
  };

  it('is a valid entry, so the pinned value is one the writer can actually see', () => {
    expect(worklistEntrySchema.parse(fixed)).toEqual(fixed);
  });

  it('hashes the version prefix and the sorted content without the identity fields', () => {
    expect(HASH_VERSION + canonicalJson({ ...fixed, source: undefined, sourceKey: undefined })).toBe(
      'v1{"accessionNumber":"ACC0001","durationMinutes":45,' +
        '"extra":{"AdmissionID":"ADM-7","StudyComments":"fasting"},' +
        '"issuerOfPatientId":"SITE-A","modality":"MR","patientBirthDate":"19800115",' +
        '"patientId":"SUB-1001","patientName":"Doe^Jane","patientSex":"F","patientSizeM":1.68,' +
        '"patientWeightKg":61.5,' +
        '"protocolCode":{"meaning":"Brain","scheme":"99LOCAL","value":"P1"},' +
        '"referringPhysicianName":"Smith^John","requestedProcedureDescription":"Brain MRI",' +
        '"requestedProcedureId":"RP0001","scheduledPerformingPhysician":"Tech^Terry",' +
        '"scheduledStationAeTitle":"MRI_3T","scheduledStationName":"SCANNER1",' +
        '"spsDescription":"Brain protocol","spsId":"SPS0001","spsStartAt":"2026-03-10T09:30:00-06:00",' +
        '"spsStartDate":"20260310","spsStartTime":"093000","status":"SCHEDULED",' +
        '"studyDescription":"Study Brain","studyInstanceUid":"1.2.826.0.1.3680043.10.1.1",' +
        '"timezone":"America/Edmonton"}',
    );
  });

  // Checked once by hand: printf '%s' '<the string above>' | sha256sum.
  it('is the pinned sha256 hex digest', () => {
    expect(changeHash(fixed)).toBe('7294d546bfc353b8c4cb7c279ae97f8309ec2afe975b4d48c6b6615a99e0c3f9');
  });
});
