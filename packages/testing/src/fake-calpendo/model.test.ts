import { describe, expect, it } from 'vitest';
import { loadFakeCalpendoFixture } from './fixtures.ts';
import { bookingFromRecorded, detailView, listView } from './model.ts';

describe('fake Calpendo bookings', () => {
  it('renders a booking as Calpendo lists and details it', () => {
    const booking = bookingFromRecorded({
      detail: {
        id: 12345,
        formattedName: '[2026-01-27 14:00:00.0, 2026-01-27 15:30:00.0]',
        title: 'SUB001_John_Doe',
        status: 'Approved',
        biskitType: 'MRIScan',
        properties: {
          project: { formattedName: 'BRISKP (Brain)' },
          resource: { formattedName: '3T Diagnostic' },
          booker: { name: 'Dr A' },
        },
      },
      operator: { biskits: [{ properties: { Operator: { name: 'Tech John Smith' } } }] },
    });
    expect(listView(booking)).toEqual({
      id: 12345,
      formattedName: '[2026-01-27 14:00:00.0, 2026-01-27 15:30:00.0]',
      title: 'SUB001_John_Doe',
      status: 'Approved',
      biskitType: 'MRIScan',
    });
    expect(detailView(booking)).toMatchObject({
      properties: {
        resource: { formattedName: '3T Diagnostic', name: '3T Diagnostic' },
        project: { formattedName: 'BRISKP (Brain)' },
        dateRange: { start: '2026-01-27 14:00:00.0', finish: '2026-01-27 15:30:00.0' },
        booker: { name: 'Dr A' },
      },
    });
    expect(booking.operator).toBe('Tech John Smith');
  });

  it('loads the edmonton fixture, with a booking that has exact instants only', () => {
    const fixture = loadFakeCalpendoFixture('edmonton');
    expect(fixture.timezone).toBe('America/Edmonton');
    expect(fixture.bookings).toHaveLength(15);
    const instantOnly = fixture.bookings.find((b) => b.id === 71104)!;
    expect(listView(instantOnly)).not.toHaveProperty('formattedName');
    expect(detailView(instantOnly)).toMatchObject({
      properties: { dateRange: { start: '2025-11-02T08:15:00Z', finish: '2025-11-02T08:45:00Z' } },
    });
    expect(instantOnly.start).toBe('2025-11-02 01:15:00');
  });
});
