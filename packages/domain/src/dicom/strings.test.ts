import { describe, expect, it } from 'vitest';
import { isValidStringVr, type StringVr } from './strings.ts';

describe('string VRs', () => {
  it.each<[StringVr, string, boolean]>([
    ['CS', 'MR', true],
    ['CS', 'SCHEDULED', true],
    ['CS', 'mr', false],
    ['CS', 'A'.repeat(16), true],
    ['CS', 'A'.repeat(17), false],
    ['CS', 'MR-3T', false],
    ['SH', 'ACC-0001', true],
    ['SH', 'x'.repeat(17), false],
    ['SH', 'a\\b', false],
    ['LO', 'Brain MRI with contrast', true],
    ['LO', 'x'.repeat(65), false],
    ['AE', 'MRI_SCANNER_01', true],
    ['AE', '                ', false],
    ['AE', 'A'.repeat(17), false],
    ['AE', 'ÄE', false],
  ])('%s %j is valid: %s', (vr, value, valid) => {
    expect(isValidStringVr(vr, value)).toBe(valid);
  });
});
