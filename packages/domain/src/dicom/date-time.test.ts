import { describe, expect, it } from 'vitest';
import { isValidDA, isValidTM, normalizeTM } from './date-time.ts';

describe('DA', () => {
  it.each([
    ['20250212', true],
    ['20240229', true],
    ['19000101', true],
    ['20250229', false],
    ['20251301', false],
    ['20250100', false],
    ['2025-02-12', false],
    ['1980', false],
    ['198001', false],
    ['', false],
    ['2025021', false],
  ])('%j is valid: %s', (value, valid) => {
    expect(isValidDA(value)).toBe(valid);
  });
});

describe('TM', () => {
  it.each([
    ['14', true],
    ['1430', true],
    ['143059', true],
    ['143059.5', true],
    ['143059.123456', true],
    ['000000', true],
    ['235960', true],
    ['240000', false],
    ['146000', false],
    ['14:30', false],
    ['143059.1234567', false],
    ['1', false],
    ['', false],
  ])('%j is valid: %s', (value, valid) => {
    expect(isValidTM(value)).toBe(valid);
  });

  it.each([
    ['14', '140000'],
    ['1430', '143000'],
    ['143059.999', '143059'],
    ['235960', '235959'],
  ])('normalizes %j to %j', (value, expected) => {
    expect(normalizeTM(value)).toBe(expected);
  });

  it('refuses to normalize an invalid time', () => {
    expect(() => normalizeTM('25')).toThrow(RangeError);
  });
});
