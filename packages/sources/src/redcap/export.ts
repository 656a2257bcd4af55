import { DateTime } from 'luxon';
import { SourceResponseError } from '../errors.ts';
import type { FormParams, RedcapClient } from './client.ts';
import type { RedcapRow } from './rows.ts';

/** Export Records (`content=record`, flat JSON). */
export interface ExportRecordsOptions {
  fields?: readonly string[];
  forms?: readonly string[];
  events?: readonly string[];
  records?: readonly string[];
  rawOrLabel?: 'raw' | 'label';
  filterLogic?: string;
  /** `YYYY-MM-DD HH:MM:SS` in the REDCap server's timezone: records created or modified after. */
  dateRangeBegin?: string;
  /** `YYYY-MM-DD HH:MM:SS` in the REDCap server's timezone: records created or modified before. */
  dateRangeEnd?: string;
}

const nonEmpty = (list: readonly string[] | undefined) => (list && list.length > 0 ? list : undefined);

export function exportRecordsParams(options: ExportRecordsOptions): FormParams {
  return {
    content: 'record',
    action: 'export',
    format: 'json',
    type: 'flat',
    fields: nonEmpty(options.fields),
    forms: nonEmpty(options.forms),
    events: nonEmpty(options.events),
    records: nonEmpty(options.records),
    rawOrLabel: options.rawOrLabel ?? 'raw',
    rawOrLabelHeaders: 'raw',
    exportCheckboxLabel: 'false',
    exportSurveyFields: 'false',
    exportDataAccessGroups: 'false',
    filterLogic: options.filterLogic || undefined,
    dateRangeBegin: options.dateRangeBegin,
    dateRangeEnd: options.dateRangeEnd,
    returnFormat: 'json',
  };
}

export async function exportRecords(
  client: RedcapClient,
  options: ExportRecordsOptions,
  signal?: AbortSignal,
): Promise<RedcapRow[]> {
  return toRows(await client.call(exportRecordsParams(options), signal));
}

/** Checks the answer is an array of flat objects; every value becomes text (REDCap sends text). */
export function toRows(answer: unknown): RedcapRow[] {
  if (!Array.isArray(answer)) {
    throw new SourceResponseError('REDCap answered an export with something other than a JSON array');
  }
  return answer.map((row: unknown, index) => toRow(row, index));
}

export function toRow(row: unknown, index: number): RedcapRow {
  if (!row || typeof row !== 'object' || Array.isArray(row)) {
    throw new SourceResponseError(`REDCap export row ${index} is not a JSON object`);
  }
  const flat: Record<string, string> = {};
  for (const [field, value] of Object.entries(row)) {
    flat[field] = value === null || value === undefined ? '' : typeof value === 'object' ? '' : String(value);
  }
  return flat;
}

/** An instant as REDCap's `YYYY-MM-DD HH:MM:SS` in the server's timezone (seconds truncated). */
export function redcapDateTime(instant: Date, serverTimezone: string): string {
  return DateTime.fromJSDate(instant, { zone: serverTimezone }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/**
 * `filterLogic` keeping rows whose date field lies in [from, to) of the source's local dates:
 * REDCap compares `Y-M-D` date values as text, so the bounds are whole local days (the fetch
 * filters the exact window again).
 */
export function scheduledDateFilterLogic(field: string, from: Date, to: Date, timezone: string): string {
  const first = DateTime.fromJSDate(from, { zone: timezone }).toFormat('yyyy-MM-dd');
  const dayAfter = DateTime.fromJSDate(to, { zone: timezone }).plus({ days: 1 }).toFormat('yyyy-MM-dd');
  return `[${field}] >= '${first}' and [${field}] < '${dayAfter}'`;
}
