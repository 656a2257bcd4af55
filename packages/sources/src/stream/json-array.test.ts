import { describe, expect, it } from 'vitest';
import { createJsonArrayReader, JsonStreamError, type JsonArrayReaderOptions } from './json-array.ts';

/** Feeds `text` in chunks of `size` characters; returns every element. */
function readAll(text: string, size: number, options: Partial<JsonArrayReaderOptions> = {}): unknown[] {
  const reader = createJsonArrayReader({ maxElementChars: 10_000, ...options });
  const out: unknown[] = [];
  for (let at = 0; at < text.length; at += size) out.push(...reader.push(text.slice(at, at + size)));
  reader.end();
  return out;
}

const ROWS = [
  { record_id: '1', name: 'Doe^Jane', note: 'quote " brace } bracket ] comma ,' },
  { record_id: '2', name: 'Müller', note: 'escaped \\" and \\\\ and \n newline' },
  { record_id: '3', nested: { a: [1, { b: '}' }] }, n: 5, t: true, z: null },
];

describe('the streaming JSON array reader', () => {
  it.each([1, 2, 3, 7, 64, 100_000])('reads every element whatever the chunk size (%i)', (size) => {
    expect(readAll(` \n${JSON.stringify(ROWS, null, size % 2 === 0 ? 2 : undefined)}\n`, size)).toEqual(ROWS);
  });

  it('reads scalars, strings, an empty array and a byte-order mark', () => {
    expect(readAll('[1, "a,]", true ,null,-2.5e3]', 3)).toEqual([1, 'a,]', true, null, -2500]);
    expect(readAll('[ ]', 1)).toEqual([]);
    expect(readAll('\uFEFF[{"a":"1"}]', 2)).toEqual([{ a: '1' }]);
  });

  it('reads escaped quotes and backslashes, \\u escapes and surrogate pairs cut at any chunk boundary', () => {
    const text = '[{"a":"\\u0022}]\\\\","b":"😀 \\ud83d\\ude00","c":"\\\\\\""}, "\\\\"]';
    const expected = JSON.parse(text) as unknown[];
    for (const size of [1, 2, 3, 5]) expect(readAll(text, size)).toEqual(expected);
  });

  it('reads the array under the wrapper key, skipping other keys', () => {
    const text = JSON.stringify({ version: 2, meta: { x: [1, 2] }, entries: ROWS, tail: 'x' });
    expect(readAll(text, 5, { wrapperKey: 'entries' })).toEqual(ROWS);
  });

  it.each([
    ['[{"a":"1"},{"a":"2"', 'truncated'],
    ['[{"a":"1"},', 'truncated'],
    ['[1', 'truncated'],
    ['', 'truncated'],
    ['[{"a":"1"}] x', 'syntax'],
    ['{"a":[1]}', 'syntax'],
    ['[{"a":1}{"a":2}]', 'syntax'],
    ['[{"a":tru}]', 'syntax'],
    ['[,1]', 'syntax'],
  ])('refuses %j as %s', (text, problem) => {
    const attempt = () => readAll(text, 4);
    expect(attempt).toThrow(JsonStreamError);
    try {
      attempt();
    } catch (error) {
      expect((error as JsonStreamError).problem).toBe(problem);
    }
  });

  it('refuses the wrapper object without the array', () => {
    expect(() => readAll('{"other":[1]}', 3, { wrapperKey: 'entries' })).toThrow('has no "entries" array');
  });

  it('refuses an element longer than the limit without buffering the rest', () => {
    const reader = createJsonArrayReader({ maxElementChars: 50 });
    reader.push('[{"a":"');
    expect(() => {
      for (let i = 0; i < 1000; i++) reader.push('x'.repeat(10));
    }).toThrow(/longer than 50 characters/);
  });

  it('refuses a scalar, or a wrapper value, longer than the limit', () => {
    expect(() => readAll(`[${'1'.repeat(100)}]`, 7, { maxElementChars: 50 })).toThrow(/longer than 50/);
    const wrapped = `{"meta":"${'x'.repeat(100)}","entries":[]}`;
    expect(() => readAll(wrapped, 7, { maxElementChars: 50, wrapperKey: 'entries' })).toThrow(
      /longer than 50/,
    );
  });

  it('refuses an element that is not JSON though its brackets balance', () => {
    expect(() => readAll('[{"a":1,}]', 2)).toThrow(/^an element is not valid JSON \(at character \d+\)$/);
  });

  it('names offsets, never content, in its errors', () => {
    expect(() => readAll('[{"secret":"Doe"} {"b":1}]', 100)).toThrow(
      /^expected "," or "\]" between array elements \(at character 18\)$/,
    );
  });
});
