import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads a header and rows keyed by it', () => {
    expect(parseCsv('id,name\n1,Doe^Jane\n2,Roe^Rick\n').rows).toEqual([
      { line: 2, values: { id: '1', name: 'Doe^Jane' } },
      { line: 3, values: { id: '2', name: 'Roe^Rick' } },
    ]);
  });

  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes', () => {
    const table = parseCsv('id,note\r\n1,"a, ""quoted""\nline"\r\n2,plain');
    expect(table.rows.map((row) => row.values.note)).toEqual(['a, "quoted"\nline', 'plain']);
    expect(table.rows[1]?.line).toBe(4);
  });

  it('skips a byte-order mark and blank lines, and fills short rows with empty values', () => {
    expect(parseCsv('\uFEFFid,name\n\n1\n').rows).toEqual([{ line: 3, values: { id: '1', name: '' } }]);
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
