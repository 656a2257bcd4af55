/**
 * A small RFC 4180 CSV reader for spreadsheet exports: quoted fields (with `""` for a quote and
 * line breaks inside quotes), CRLF or LF line ends, a UTF-8 byte-order mark, a configurable
 * delimiter. The first row is the header; each further row becomes an object keyed by it.
 */

export interface CsvTable {
  header: string[];
  /** Data rows with their 1-based line number in the file (for rejection references). */
  rows: { line: number; values: Record<string, string> }[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/** Splits text into records of raw fields, honouring quotes. */
function* records(text: string, delimiter: string): Generator<{ line: number; fields: string[] }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      yield { line: recordLine, fields };
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += char;
  }
  if (quoted) throw new CsvSyntaxError('a quoted field is not closed', recordLine);
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    yield { line: recordLine, fields };
  }
}

export function parseCsv(text: string, options: { delimiter?: string } = {}): CsvTable {
  const delimiter = options.delimiter ?? ',';
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let header: string[] | undefined;
  const rows: CsvTable['rows'] = [];
  for (const { line, fields } of records(source, delimiter)) {
    if (fields.length === 1 && fields[0]!.trim() === '') continue; // blank line
    if (!header) {
      header = fields.map((name) => name.trim());
      const duplicate = header.find((name, index) => header!.indexOf(name) !== index);
      if (duplicate !== undefined) throw new CsvSyntaxError(`the header names "${duplicate}" twice`, line);
      continue;
    }
    if (fields.length > header.length) {
      throw new CsvSyntaxError(`the row has ${fields.length} fields, the header ${header.length}`, line);
    }
    rows.push({ line, values: Object.fromEntries(header.map((name, index) => [name, fields[index] ?? ''])) });
  }
  return { header: header ?? [], rows };
}
