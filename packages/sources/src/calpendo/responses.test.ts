import { describe, expect, it } from 'vitest';
import { SourceResponseError } from '../errors.ts';
import { bookingId, parseBookingDetail, parseBookingList, parseOperatorName } from './responses.ts';

describe('parseBookingList', () => {
  it('keeps the list fields, ids as text', () => {
    const list = parseBookingList({
      biskits: [
        {
          id: 12345,
          formattedName: '[…]',
          title: 'SUB001 - John Doe',
          status: 'Approved',
          biskitType: 'MRIScan',
          x: 1,
        },
      ],
    });
    expect(list).toEqual([
      {
        id: '12345',
        formattedName: '[…]',
        title: 'SUB001 - John Doe',
        status: 'Approved',
        biskitType: 'MRIScan',
      },
    ]);
  });

  it.each([
    ['not an object', []],
    ['no biskits', { bookings: [] }],
    ['an entry without an id', { biskits: [{ title: 'x' }] }],
    ['an id with a slash', { biskits: [{ id: 'a/b' }] }],
  ])('refuses %s without quoting values', (_name, body) => {
    expect(() => parseBookingList(body)).toThrow(SourceResponseError);
  });
});

describe('bookingId', () => {
  it.each([
    [12345, '12345'],
    [' 77 ', '77'],
    [-1, undefined],
    [1.5, undefined],
    ['', undefined],
  ])('reads %j as %j', (value, expected) => {
    expect(bookingId(value)).toBe(expected);
  });
});

describe('parseBookingDetail', () => {
  it('accepts the detail or a one-biskit answer', () => {
    expect(parseBookingDetail({ id: 1, properties: {} })).toEqual({ id: 1, properties: {} });
    expect(parseBookingDetail({ biskits: [{ id: 2 }] })).toEqual({ id: 2 });
    expect(() => parseBookingDetail('x')).toThrow(SourceResponseError);
  });
});

describe('parseOperatorName', () => {
  it.each([
    [
      'properties.Operator.name',
      { biskits: [{ properties: { Operator: { name: 'Tech John Smith' } } }] },
      'Tech John Smith',
    ],
    [
      'an "Operator.name" path answer',
      { biskits: [{ 'Operator.name': { formattedName: 'Jane Smith' } }] },
      'Jane Smith',
    ],
    ['a plain "Operator.name" text', { biskits: [{ 'Operator.name': 'Jane Smith' }] }, 'Jane Smith'],
    ['no scan', { biskits: [] }, undefined],
    ['no operator', { biskits: [{ properties: { Operator: {} } }] }, undefined],
  ])('reads %s', (_name, body, expected) => {
    expect(parseOperatorName(body)).toBe(expected);
  });
});
