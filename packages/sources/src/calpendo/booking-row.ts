import type { SourceRow } from '../mapping/resolve-value.ts';
import type { BookingDetail, ListedBooking } from './responses.ts';

/**
 * A booking as the flat row the mapping engine reads. Every scalar of the detail is there under its
 * dot path (`properties.project.formattedName`) and, for `properties.*`, also without the prefix
 * (`project.formattedName`), as Pylantir's configs name them. The list's fields fill what the
 * detail lacks. `resource.name` / `project.name` fall back on the formatted names, and the MRI
 * scan's operator is `operator` (and `Operator.name`). The plugin then adds (`process-booking.ts`):
 *
 * - `resource.modality`: the resource through `resource_modality_mapping`;
 * - `start.date`, `start.time`, `end.date`, `end.time`: wall-clock `yyyy-MM-dd` / `HH:mm:ss`;
 * - `durationInMinutes`: the detail's, else end − start.
 */

export interface BookingRowInput {
  listed: ListedBooking;
  detail?: BookingDetail;
  operator?: string;
}

const MAX_DEPTH = 5;

function flatten(value: unknown, prefix: string, row: Record<string, string>, depth: number): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    if (prefix !== '') row[prefix] = String(value);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value) || depth >= MAX_DEPTH) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    flatten(child, prefix === '' ? key : `${prefix}.${key}`, row, depth + 1);
  }
}

export function bookingRow(input: BookingRowInput): SourceRow {
  const row: Record<string, string> = {};
  flatten(input.detail ?? {}, '', row, 0);
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('properties.')) {
      const alias = key.slice('properties.'.length);
      if (!(alias in row)) row[alias] = value;
    }
  }
  const { id, ...listedFields } = input.listed;
  row.id = id;
  for (const [key, value] of Object.entries(listedFields)) {
    if (value !== undefined && (row[key] ?? '').trim() === '') row[key] = value;
  }
  for (const entity of ['resource', 'project']) {
    if ((row[`${entity}.name`] ?? '').trim() === '' && row[`${entity}.formattedName`] !== undefined) {
      row[`${entity}.name`] = row[`${entity}.formattedName`]!;
    }
  }
  if (input.operator !== undefined) {
    row.operator = input.operator;
    row['Operator.name'] = input.operator;
  }
  return row;
}

/** The resource's name as the modality map sees it. */
export function resourceName(row: SourceRow): string | undefined {
  return row['resource.formattedName'] ?? row['resource.name'];
}

export function projectName(row: SourceRow): string | undefined {
  return row['project.formattedName'] ?? row['project.name'];
}
