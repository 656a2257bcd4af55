import { describe, expect, it } from 'vitest';
import { bookingListQuery, operatorQuery } from './query.ts';

const window = {
  from: new Date('2025-02-12T07:00:00Z'),
  to: new Date('2025-02-13T07:00:00Z'),
  timezone: 'America/Edmonton',
};

describe('bookingListQuery', () => {
  it('filters on the start time, widened an hour each way, in local time', () => {
    expect(bookingListQuery(window)).toBe(
      'AND/dateRange.start/GE/20250211-2300/dateRange.start/LT/20250213-0100',
    );
  });

  it('adds one resource as a plain condition', () => {
    expect(bookingListQuery({ ...window, resources: ['3T Diagnostic'], padMinutes: 0 })).toBe(
      'AND/dateRange.start/GE/20250212-0000/dateRange.start/LT/20250213-0000/resource.name/EQ/3T%20Diagnostic',
    );
  });

  it('puts several resources in a trailing OR, once each, encoded', () => {
    expect(bookingListQuery({ ...window, resources: ['3T', 'EEG/Lab', '3T'], padMinutes: 0 })).toBe(
      'AND/dateRange.start/GE/20250212-0000/dateRange.start/LT/20250213-0000/OR/resource.name/EQ/3T/resource.name/EQ/EEG%2FLab',
    );
  });
});

describe('operatorQuery', () => {
  it('asks the MRI scan for its operator', () => {
    expect(operatorQuery('12345')).toBe('MRIScan/id/eq/12345?paths=Operator.name');
  });
});
