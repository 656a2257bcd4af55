import { describe, expect, it } from 'vitest';
import { deterministicUid, isValidUid, randomUid, studyInstanceUidFor, uidFromUuid } from './uid.ts';

describe('UID validation', () => {
  it.each([
    ['1.2.840.10008.5.1.4.31', true],
    ['2.25.0', true],
    ['0', true],
    ['1.02.3', false],
    ['1..2', false],
    ['1.2.', false],
    ['.1.2', false],
    ['1.2.a', false],
    ['', false],
    [`1.${'2'.repeat(62)}`, true],
    [`1.${'2'.repeat(63)}`, false],
  ])('%j is valid: %s', (value, valid) => {
    expect(isValidUid(value)).toBe(valid);
  });
});

describe('generated UIDs', () => {
  it('turns a UUID into the 2.25 form (PS3.5 B.2 example)', () => {
    expect(uidFromUuid('f81d4fae-7dec-11d0-a765-00a0c91e6bf6')).toBe(
      '2.25.329800735698586629295641978511506172918',
    );
  });

  it('gives the same Study Instance UID for the same source and key', () => {
    expect(studyInstanceUidFor('redcap', '12/baseline_arm_1/mri/1')).toBe(
      studyInstanceUidFor('redcap', '12/baseline_arm_1/mri/1'),
    );
  });

  it('gives different UIDs for different keys, sources and namespaces', () => {
    const uids = new Set([
      studyInstanceUidFor('redcap', '1'),
      studyInstanceUidFor('redcap', '2'),
      studyInstanceUidFor('calpendo', '1'),
      deterministicUid('other', 'redcap', '1'),
    ]);
    expect(uids.size).toBe(4);
  });

  it('generates valid UIDs of at most 64 characters', () => {
    for (let i = 0; i < 500; i++) {
      for (const uid of [randomUid(), studyInstanceUidFor('s', String(i))]) {
        expect(uid.startsWith('2.25.')).toBe(true);
        expect(uid.length).toBeLessThanOrEqual(64);
        expect(isValidUid(uid)).toBe(true);
      }
    }
  });
});
