import { describe, expect, it } from 'vitest';
import { parseJsonText } from './parse-json.ts';

describe('parseJsonText', () => {
  it('parses a file that starts with a byte-order mark', () => {
    expect(parseJsonText('\uFEFF{"a": 1}')).toEqual({ ok: true, json: { a: 1 } });
  });

  it('reports a syntax error with its line and column', () => {
    const result = parseJsonText('{\n  "a": 1,\n  }\n');
    expect(result).toEqual({
      ok: false,
      problems: [{ path: '', message: expect.stringMatching(/^invalid JSON at line 3 column 3/) }],
    });
  });

  it('reports an empty file', () => {
    expect(parseJsonText('')).toMatchObject({
      ok: false,
      problems: [{ path: '', message: expect.stringMatching(/^invalid JSON/) }],
    });
  });
});
