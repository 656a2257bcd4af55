/**
 * A small RFC 4180 CSV reader for spreadsheet exports: quoted fields (with `""` for a quote and
 * line breaks inside quotes), CRLF or LF line ends, a UTF-8 byte-order mark, a configurable
 * delimiter. The first row is the header; each further row becomes an object keyed by it.
 * `createCsvReader` reads text as it arrives (any chunk boundaries), bounded by the longest row.
 */

export interface CsvTable {
  header: string[];
  /** Data rows with their 1-based line number in the file (for rejection references). */
  rows: CsvRow[];
}

export interface CsvRow {
  line: number;
  values: Record<string, string>;
  /** Fields the row had; fewer than the header's are filled with empty values. */
  fieldCount: number;
}

export class CsvSyntaxError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

export interface CsvReaderOptions {
  delimiter?: string;
  /** The longest row accepted, in characters. Default 1 Mi. */
  maxRowChars?: number;
}

export interface CsvReader {
  /** Feeds the next chunk; returns the data rows it completed. */
  push(chunk: string): CsvRow[];
  /** The text ended: returns the last row (one without a line break after it). */
  end(): { rows: CsvRow[]; header: string[]; endsWithLineBreak: boolean };
}

const DEFAULT_MAX_ROW_CHARS = 1 << 20;

export function createCsvReader(options: CsvReaderOptions = {}): CsvReader {
  const delimiter = options.delimiter ?? ',';
  const maxRowChars = options.maxRowChars ?? DEFAULT_MAX_ROW_CHARS;
  let header: string[] | undefined;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  /** In a quoted field, a `"` was seen: the next character says whether it closed the field. */
  let quoteSeen = false;
  /** A `\r` ended the last record: a `\n` right after it belongs to it. */
  let skipLineFeed = false;
  let line = 1;
  let recordLine = 1;
  let rowChars = 0;
  let first = true;
  let sawAny = false;

  const record = (out: CsvRow[]) => {
    fields.push(field);
    const done = fields;
    fields = [];
    field = '';
    rowChars = 0;
    if (done.length === 1 && done[0]!.trim() === '') return; // blank line
    if (!header) {
      const names = done.map((name) => name.trim());
      const duplicate = names.find((name, index) => names.indexOf(name) !== index);
      if (duplicate !== undefined)
        throw new CsvSyntaxError(`the header names "${duplicate}" twice`, recordLine);
      header = names;
      return;
    }
    if (done.length > header.length) {
      throw new CsvSyntaxError(`the row has ${done.length} fields, the header ${header.length}`, recordLine);
    }
    const values: Record<string, string> = {};
    header.forEach((name, index) => (values[name] = done[index] ?? ''));
    out.push({ line: recordLine, values, fieldCount: done.length });
  };

  return {
    push(input) {
      let chunk = input;
      if (first && chunk.length > 0) {
        first = false;
        if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      }
      const out: CsvRow[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const char = chunk[i]!;
        sawAny = true;
        if (skipLineFeed) {
          skipLineFeed = false;
          if (char === '\n') continue;
        }
        if (++rowChars > maxRowChars) {
          throw new CsvSyntaxError(`a row is longer than ${maxRowChars} characters`, recordLine);
        }
        if (quoted) {
          if (quoteSeen) {
            quoteSeen = false;
            if (char === '"') {
              field += '"';
              continue;
            }
            quoted = false; // the quote closed the field: read this character unquoted
          } else {
            if (char === '"') quoteSeen = true;
            else {
              if (char === '\n') line++;
              field += char;
            }
            continue;
          }
        }
        if (char === '"' && field === '') quoted = true;
        else if (char === delimiter) {
          fields.push(field);
          field = '';
        } else if (char === '\n' || char === '\r') {
          record(out);
          if (char === '\r') skipLineFeed = true;
          line++;
          recordLine = line;
        } else field += char;
      }
      return out;
    },

    end() {
      if (quoteSeen) {
        quoteSeen = false;
        quoted = false;
      }
      if (quoted) throw new CsvSyntaxError('a quoted field is not closed', recordLine);
      const rows: CsvRow[] = [];
      const pending = field !== '' || fields.length > 0;
      if (pending) record(rows);
      return { rows, header: header ?? [], endsWithLineBreak: !pending && (sawAny || header !== undefined) };
    },
  };
}

/** Reads a whole CSV text (short rows filled with empty values). */
export function parseCsv(text: string, options: { delimiter?: string } = {}): CsvTable {
  const reader = createCsvReader(options);
  const rows = reader.push(text);
  const last = reader.end();
  return { header: last.header, rows: [...rows, ...last.rows] };
}
