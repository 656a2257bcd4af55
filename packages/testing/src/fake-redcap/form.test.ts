import { describe, expect, it } from 'vitest';
import { formList, formText, parseForm } from './form.ts';

describe('parseForm', () => {
  it.each([
    ['indexed arrays, in index order', 'fields[1]=b&fields[0]=a', ['a', 'b']],
    ['empty-bracket arrays, in order', 'fields[]=a&fields[]=b', ['a', 'b']],
    ['a comma-separated list', 'fields=a,%20b', ['a', 'b']],
  ])('reads %s', (_name, body, expected) => {
    expect(formList(parseForm(body), 'fields')).toEqual(expected);
  });

  it('reads plain values and decodes them', () => {
    const fields = parseForm('token=ABC&filterLogic=%5Bage%5D+%3E+5');
    expect(formText(fields, 'token')).toBe('ABC');
    expect(formText(fields, 'filterLogic')).toBe('[age] > 5');
  });
});
