import { queryBound } from './booking-time.ts';

/**
 * Calpendo's query language: prefix notation in path segments. `AND` and `OR` take every
 * operand that follows them, so a nested `OR` goes last:
 * `AND/dateRange.start/GE/20250212-0000/dateRange.start/LT/20250213-0000/OR/resource.name/EQ/A/resource.name/EQ/B`.
 * Every segment is percent-encoded (resource names have spaces).
 */

export interface BookingQueryInput {
  from: Date;
  to: Date;
  timezone: string;
  /** Resource names; none: every resource. */
  resources?: readonly string[];
  /** Widening of each bound, in minutes (DST: see `queryBound`). */
  padMinutes?: number;
}

/** The query path after `/webdav/q/Calpendo.Booking/`. */
export function bookingListQuery(input: BookingQueryInput): string {
  const pad = input.padMinutes ?? 60;
  const segments: string[] = [
    'AND',
    'dateRange.start',
    'GE',
    queryBound(input.from, input.timezone, 'floor', pad),
    'dateRange.start',
    'LT',
    queryBound(input.to, input.timezone, 'ceil', pad),
  ];
  const resources = [...new Set(input.resources ?? [])];
  if (resources.length === 1) segments.push('resource.name', 'EQ', resources[0]!);
  else if (resources.length > 1) {
    segments.push('OR', ...resources.flatMap((name) => ['resource.name', 'EQ', name]));
  }
  return segments.map(encodeURIComponent).join('/');
}

/** The MRI scan query that returns a booking's operator. */
export function operatorQuery(bookingId: string): string {
  return `MRIScan/id/eq/${encodeURIComponent(bookingId)}?paths=Operator.name`;
}
