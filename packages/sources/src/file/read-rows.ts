import { SourceResponseError } from '../errors.ts';
import type { SourceRow } from '../mapping/resolve-value.ts';
import { CsvSyntaxError, parseCsv } from './csv.ts';

export interface FileRow {
  /** 1-based line (CSV) or array position (JSON), for rejection references. */
  position: number;
  values: SourceRow;
}

function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function jsonRows(text: string): FileRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw new SourceResponseError('the file is not valid JSON', { cause: error });
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(list))
    throw new SourceResponseError('the JSON file must hold an array, or {"entries": [...]}');
  return (list as unknown[]).map((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new SourceResponseError(`entry ${index + 1} of the JSON file is not an object`);
    }
    const values = Object.fromEntries(Object.entries(item).map(([key, value]) => [key, textOf(value)]));
    return { position: index + 1, values };
  });
}

/** Parses the file's rows; a syntax error names its line, never the content. */
export function readRows(text: string, format: 'csv' | 'json', delimiter: string): FileRow[] {
  if (format === 'json') return jsonRows(text);
  try {
    return parseCsv(text, { delimiter }).rows.map((row) => ({ position: row.line, values: row.values }));
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw new SourceResponseError(`the CSV file: ${error.message}`, { cause: error });
    throw error;
  }
}
