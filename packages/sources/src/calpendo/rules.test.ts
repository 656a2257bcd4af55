import { describe, expect, it } from 'vitest';
import { createStatusRule, isStudyAllowed, modalityForResource } from './rules.ts';

describe('createStatusRule', () => {
  const byDefault = createStatusRule();
  it.each([
    ['Approved', 'SCHEDULED'],
    ['Pending', 'SCHEDULED'],
    ['approved', 'SCHEDULED'],
    ['In  Progress', 'SCHEDULED'],
    ['Completed', 'SCHEDULED'],
    ['Cancelled', 'CANCELED'],
    ['Canceled', 'CANCELED'],
    ['Denied', 'CANCELED'],
    ['Tentative', 'skip'],
    [undefined, 'skip'],
  ])('maps %s to %s by default', (status, decision) => {
    expect(byDefault(status).decision).toBe(decision);
  });

  it.each([
    ['skips Pending when asked', { skipPending: true }, 'Pending', 'skip', 'pending-skipped'],
    ['keeps Approved when Pending is skipped', { skipPending: true }, 'Approved', 'SCHEDULED', undefined],
    ['filters statuses that schedule', { statusFilter: ['Approved'] }, 'Pending', 'skip', 'filtered'],
    ['never filters a cancellation', { statusFilter: ['Approved'] }, 'Cancelled', 'CANCELED', undefined],
    ['compares the filter ignoring case', { statusFilter: ['approved'] }, 'Approved', 'SCHEDULED', undefined],
    [
      'adds a status from the map',
      { statusMap: { Tentative: 'SCHEDULED' as const } },
      'tentative',
      'SCHEDULED',
      undefined,
    ],
    ['overrides a default', { statusMap: { DENIED: 'skip' as const } }, 'Denied', 'skip', 'mapped-to-skip'],
    ['reports an unknown status', {}, 'Waitlisted', 'skip', 'unknown-status'],
  ])('%s', (_name, options, status, decision, reason) => {
    expect(createStatusRule(options)(status)).toEqual({ decision, ...(reason ? { reason } : {}) });
  });
});

describe('modalityForResource', () => {
  const mapping = { '3T': 'MR', '3T Diagnostic': 'MR', EEG: 'EEG', 'EEG Lab Room B': 'OT', Mock: 'OT' };
  it.each([
    ['an exact name', '3T Diagnostic', 'MR', 'exact'],
    ['an exact name ignoring case', 'eeg lab room b', 'OT', 'exact'],
    ['a prefix', '3T Research', 'MR', 'prefix'],
    ['the longest prefix', 'EEG Lab Room B2', 'OT', 'prefix'],
    ['a prefix ignoring case', 'eeg Lab Room A', 'EEG', 'prefix'],
    ['no match', '7T Terra', 'MR', 'default'],
    ['no resource', undefined, 'MR', 'default'],
  ])('maps %s', (_name, resource, modality, rule) => {
    expect(modalityForResource(resource, mapping, 'MR')).toEqual({ modality, rule });
  });

  it('prefers an exact name over a longer prefix', () => {
    expect(modalityForResource('EEG', { EEG: 'EEG', 'EEG Lab': 'OT' }, 'MR')).toEqual({
      modality: 'EEG',
      rule: 'exact',
    });
  });
});

describe('isStudyAllowed', () => {
  it.each([
    ['any project without a list', 'Whatever (x)', undefined, true],
    ['the short name', 'BRISKP (Brain network study)', ['BRISKP'], true],
    ['the full name', 'BRISKP (Brain network study)', ['briskp (brain network study)'], true],
    ['another project', 'Other Study (not allowed)', ['BRISKP'], false],
    ['a name that merely starts the same', 'BRISKP2 (Follow-up)', ['BRISKP'], false],
    ['no project when a list is set', undefined, ['BRISKP'], false],
  ])('allows %s: %s', (_name, project, allowed, expected) => {
    expect(isStudyAllowed(project, allowed)).toBe(expected);
  });
});
