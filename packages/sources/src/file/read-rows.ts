import { SourceFileUnstableError, SourceResponseError } from '../errors.ts';
import type { SourceRow } from '../mapping/resolve-value.ts';
import { createJsonArrayReader, JsonStreamError } from '../stream/json-array.ts';
import { createCsvReader, CsvSyntaxError, type CsvRow } from './csv.ts';

export interface FileRow {
  /** 1-based line (CSV) or array position (JSON), for rejection references. */
  position: number;
  values: SourceRow;
}

export interface ReadRowsOptions {
  format: 'csv' | 'json';
  delimiter: string;
  /** The longest row (CSV) or entry (JSON) accepted, in characters. */
  maxRowChars: number;
}

function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function jsonRow(item: unknown, position: number): FileRow {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw new SourceResponseError(`entry ${position} of the JSON file is not an object`);
  }
  const values = Object.fromEntries(Object.entries(item).map(([key, value]) => [key, textOf(value)]));
  return { position, values };
}

async function* jsonRows(chunks: AsyncIterable<string>, maxRowChars: number): AsyncGenerator<FileRow> {
  const reader = createJsonArrayReader({ maxElementChars: maxRowChars, wrapperKey: 'entries' });
  let position = 0;
  try {
    for await (const chunk of chunks) {
      for (const item of reader.push(chunk)) yield jsonRow(item, ++position);
    }
    reader.end();
  } catch (error) {
    if (!(error instanceof JsonStreamError)) throw error;
    if (error.problem === 'truncated') {
      throw new SourceFileUnstableError(`the JSON file ends early: it may still be being written`, {
        cause: error,
      });
    }
    throw new SourceResponseError(
      error.message.includes('has no') || error.message.includes('not a JSON array')
        ? `the JSON file must hold an array, or {"entries": [...]}: ${error.message}`
        : `the JSON file: ${error.message}`,
      { cause: error },
    );
  }
}

async function* csvRows(
  chunks: AsyncIterable<string>,
  delimiter: string,
  maxRowChars: number,
): AsyncGenerator<FileRow> {
  const reader = createCsvReader({ delimiter, maxRowChars });
  let columns = 0;
  const checked = (row: CsvRow): FileRow => {
    columns ||= Object.keys(row.values).length;
    if (row.fieldCount < columns) {
      throw new SourceFileUnstableError(
        `the CSV file: line ${row.line} has ${row.fieldCount} fields, the header ${columns}: ` +
          'the file may still be being written',
      );
    }
    return { position: row.line, values: row.values };
  };
  try {
    for await (const chunk of chunks) {
      for (const row of reader.push(chunk)) yield checked(row);
    }
    const last = reader.end();
    if (!last.endsWithLineBreak && last.rows.length > 0) {
      throw new SourceFileUnstableError(
        `the CSV file: its last line (${last.rows[0]!.line}) has no line break after it: ` +
          'the file may still be being written (a complete file ends with a line break)',
      );
    }
    for (const row of last.rows) yield checked(row);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new SourceResponseError(`the CSV file: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** Parses the file's rows as its text arrives; a syntax error names its line, never the content. */
export function readRows(chunks: AsyncIterable<string>, options: ReadRowsOptions): AsyncIterable<FileRow> {
  return options.format === 'json'
    ? jsonRows(chunks, options.maxRowChars)
    : csvRows(chunks, options.delimiter, options.maxRowChars);
}
