import { describe, expect, it } from 'vitest';
import { createCsvReader, CsvSyntaxError, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads a header and rows keyed by it', () => {
    expect(parseCsv('id,name\n1,Doe^Jane\n2,Roe^Rick\n').rows).toEqual([
      { line: 2, values: { id: '1', name: 'Doe^Jane' }, fieldCount: 2 },
      { line: 3, values: { id: '2', name: 'Roe^Rick' }, fieldCount: 2 },
    ]);
  });

  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes', () => {
    const table = parseCsv('id,note\r\n1,"a, ""quoted""\nline"\r\n2,plain');
    expect(table.rows.map((row) => row.values.note)).toEqual(['a, "quoted"\nline', 'plain']);
    expect(table.rows[1]?.line).toBe(4);
  });

  it('skips a byte-order mark and blank lines, and fills short rows with empty values', () => {
    expect(parseCsv('\uFEFFid,name\n\n1\n').rows).toEqual([
      { line: 3, values: { id: '1', name: '' }, fieldCount: 1 },
    ]);
  });

  it('reads another delimiter', () => {
    expect(parseCsv('id;name\n1;Müller^Jörg', { delimiter: ';' }).rows[0]?.values.name).toBe('Müller^Jörg');
  });

  it.each([
    ['id,name\n1,"open', 'a quoted field is not closed (line 2)'],
    ['id,id\n1,2', 'the header names "id" twice (line 1)'],
    ['id\n1,2', 'the row has 2 fields, the header 1 (line 2)'],
  ])('refuses %j with a clear error', (text, message) => {
    expect(() => parseCsv(text)).toThrow(CsvSyntaxError);
    expect(() => parseCsv(text)).toThrow(message);
  });
});

describe('createCsvReader', () => {
  const TEXT = '\uFEFFid;note\r\n1;"a; ""q""\r\nline"\r\n\r\n2;plain\n3;"x"\r\n';

  it.each([1, 2, 3, 5, 1000])('reads the same rows whatever the chunk size (%i)', (size) => {
    const reader = createCsvReader({ delimiter: ';' });
    const rows = [];
    for (let at = 0; at < TEXT.length; at += size) rows.push(...reader.push(TEXT.slice(at, at + size)));
    const last = reader.end();
    expect([...rows, ...last.rows]).toEqual(parseCsv(TEXT, { delimiter: ';' }).rows);
    expect(rows.map((row) => row.values.note)).toEqual(['a; "q"\r\nline', 'plain', 'x']);
    expect(last.endsWithLineBreak).toBe(true);
  });

  it('says whether the text ended with a line break', () => {
    const reader = createCsvReader();
    expect(reader.push('id,name\n1,Do')).toHaveLength(0);
    const last = reader.end();
    expect([last.rows.length, last.endsWithLineBreak]).toEqual([1, false]);
  });

  it('refuses a row longer than the limit', () => {
    const reader = createCsvReader({ maxRowChars: 100 });
    reader.push('id,name\n');
    expect(() => reader.push('x'.repeat(200))).toThrow('a row is longer than 100 characters (line 2)');
  });
});
