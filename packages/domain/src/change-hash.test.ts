import { describe, expect, it } from 'vitest';
import { canonicalJson, changeHash } from './change-hash.ts';
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
