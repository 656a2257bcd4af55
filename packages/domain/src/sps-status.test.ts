import { describe, expect, it } from 'vitest';
import { spsStatusForMpps, statusAfterSourceUpdate } from './sps-status.ts';

describe('SPS status lifecycle', () => {
  it.each([
    ['SCHEDULED', 'CANCELED', 'CANCELED'],
    ['CANCELED', 'SCHEDULED', 'SCHEDULED'],
    ['ARRIVED', 'SCHEDULED', 'SCHEDULED'],
    ['STARTED', 'SCHEDULED', 'STARTED'],
    ['COMPLETED', 'SCHEDULED', 'COMPLETED'],
    ['DISCONTINUED', 'CANCELED', 'DISCONTINUED'],
  ] as const)('a row at %s updated by its source to %s ends at %s', (current, incoming, expected) => {
    expect(statusAfterSourceUpdate(current, incoming)).toBe(expected);
  });

  it.each([
    ['IN PROGRESS', 'STARTED'],
    ['COMPLETED', 'COMPLETED'],
    ['DISCONTINUED', 'DISCONTINUED'],
  ] as const)('MPPS %s sets the step to %s', (mpps, sps) => {
    expect(spsStatusForMpps(mpps)).toBe(sps);
  });
});
