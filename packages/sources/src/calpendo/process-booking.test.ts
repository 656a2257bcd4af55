import { describe, expect, it } from 'vitest';
import { calpendoSourceConfigSchema } from './config.ts';
import { processBooking, screenListed, type BookingContext, type BookingOutcome } from './process-booking.ts';
import type { BookingDetail, ListedBooking } from './responses.ts';
import { createStatusRule } from './rules.ts';

const { field_mapping: fields } = calpendoSourceConfigSchema.parse({
  config: {},
  field_mapping: {
    patientId: { field: 'title', regex: '^([A-Z0-9]+) - ' },
    patientName: {
      template: '{family}^{given}',
      parts: {
        family: { field: 'title', regex: ' - \\S+ (.+)$' },
        given: { field: 'title', regex: ' - (\\S+)' },
      },
    },
    studyDescription: { field: 'project.formattedName', regex: '^([^(]+)' },
    scheduledPerformingPhysician: 'operator',
  },
});

const context: BookingContext = {
  source: 'calpendo_mri',
  timezone: 'America/Edmonton',
  fields,
  statusOf: createStatusRule({ skipPending: true }),
  modalityMapping: { '3T': 'MR', EEG: 'EEG' },
  defaultModality: 'OT',
  allowedStudies: ['BRISKP'],
};

function booking(overrides: Partial<ListedBooking> = {}, properties: Record<string, unknown> = {}) {
  const listed: ListedBooking = {
    id: '12345',
    formattedName: '[2026-01-05 10:00:00.0, 2026-01-05 11:00:00.0]',
    title: 'SUB001 - Jane Doe',
    status: 'Approved',
    biskitType: 'MRIScan',
    ...overrides,
  };
  const detail: BookingDetail = {
    ...listed,
    properties: {
      resource: { formattedName: '3T Diagnostic' },
      project: { formattedName: 'BRISKP (Brain network study)' },
      ...properties,
    },
  };
  return { listed, detail };
}

const entryOf = (outcome: BookingOutcome) => {
  if (outcome.kind !== 'entry') throw new Error(`expected an entry, got ${outcome.kind}`);
  return outcome;
};

describe('processBooking', () => {
  it('cuts PatientID and PatientName out of the title and fills the rest', () => {
    const { entry, warnings } = entryOf(processBooking({ ...booking(), operator: 'Tech Alex Kim' }, context));
    expect(entry).toMatchObject({
      source: 'calpendo_mri',
      sourceKey: '12345',
      patientId: 'SUB001',
      patientName: 'Doe^Jane',
      studyDescription: 'BRISKP',
      modality: 'MR',
      scheduledStationAeTitle: 'ANY',
      scheduledPerformingPhysician: 'Tech Alex Kim',
      spsStartDate: '20260105',
      spsStartTime: '100000',
      spsStartAt: '2026-01-05T10:00:00-07:00',
      timezone: 'America/Edmonton',
      durationMinutes: 60,
      status: 'SCHEDULED',
    });
    expect(warnings).toEqual([]);
  });

  it('prefers the detail over the list (a re-titled booking)', () => {
    const { listed, detail } = booking();
    const { entry } = entryOf(
      processBooking({ listed, detail: { ...detail, title: 'SUB002 - John Smith' } }, context),
    );
    expect([entry.patientId, entry.patientName]).toEqual(['SUB002', 'Smith^John']);
  });

  it.each([
    ['Cancelled', 'CANCELED'],
    ['Denied', 'CANCELED'],
    ['Approved', 'SCHEDULED'],
  ])('gives a %s booking the status %s', (status, expected) => {
    expect(entryOf(processBooking(booking({ status }), context)).entry.status).toBe(expected);
  });

  it('leaves out a Pending booking when pending bookings are skipped', () => {
    expect(processBooking(booking({ status: 'Pending' }), context)).toEqual({
      kind: 'skipped',
      reason: 'status',
    });
  });

  it('rejects a booking whose title has no subject id, naming the fields only', () => {
    const outcome = processBooking(booking({ title: 'volunteer pilot' }), context);
    expect(outcome.kind).toBe('rejection');
    if (outcome.kind !== 'rejection') return;
    expect(outcome.rejection).toMatchObject({
      sourceKey: '12345',
      reasonCode: 'MWL_REJECT_INVALID_VALUE',
      rawRef: 'booking=12345',
    });
    expect(outcome.rejection.fields).toEqual(expect.arrayContaining(['patientId', 'patientName']));
    expect(outcome.rejection.message).not.toContain('volunteer');
  });

  it('leaves out a cancelled booking it cannot map instead of rejecting it', () => {
    expect(processBooking(booking({ title: 'volunteer pilot', status: 'Cancelled' }), context)).toEqual({
      kind: 'skipped',
      reason: 'cancelled-unmappable',
    });
  });

  it('leaves out a booking of another project', () => {
    const outcome = processBooking(booking({}, { project: { formattedName: 'Other Study (X)' } }), context);
    expect(outcome).toEqual({ kind: 'skipped', reason: 'study' });
  });

  it.each([
    ['by exact name, then prefix', 'EEG Lab Room A', 'EEG'],
    ['by the default when nothing matches', 'Mock Scanner', 'OT'],
  ])('finds the modality %s', (_name, resource, modality) => {
    const outcome = processBooking(booking({}, { resource: { formattedName: resource } }), context);
    expect(entryOf(outcome).entry.modality).toBe(modality);
  });

  it('moves a spring-forward gap time forward with a warning (no booking values in it)', () => {
    const outcome = processBooking(
      booking({ formattedName: '[2026-03-08 02:30:00.0, 2026-03-08 03:30:00.0]' }, { durationInMinutes: 60 }),
      context,
    );
    const { entry, warnings } = entryOf(outcome);
    expect([entry.spsStartDate, entry.spsStartTime, entry.spsStartAt]).toEqual([
      '20260308',
      '033000',
      '2026-03-08T03:30:00-06:00',
    ]);
    expect(entry.durationMinutes).toBe(60);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'MWL_WARN_DST_NONEXISTENT_TIME',
        field: 'spsStartTime',
        sourceKey: '12345',
      }),
    ]);
  });

  it('takes the earlier of a repeated fall-back time with a warning', () => {
    const outcome = processBooking(
      booking({ formattedName: '[2025-11-02 01:30:00.0, 2025-11-02 02:30:00.0]' }),
      context,
    );
    const { entry, warnings } = entryOf(outcome);
    expect(entry.spsStartAt).toBe('2025-11-02T01:30:00-06:00');
    expect(entry.durationMinutes).toBe(120);
    expect(warnings.map((w) => w.code)).toEqual(['MWL_WARN_DST_AMBIGUOUS_TIME']);
  });

  it('keeps an exact instant of the repeated hour without a warning', () => {
    const outcome = processBooking(
      booking(
        { formattedName: undefined },
        { dateRange: { start: '2025-11-02T08:15:00Z', finish: '2025-11-02T08:45:00Z' } },
      ),
      context,
    );
    const { entry, warnings } = entryOf(outcome);
    expect([entry.spsStartTime, entry.spsStartAt, entry.durationMinutes]).toEqual([
      '011500',
      '2025-11-02T01:15:00-07:00',
      30,
    ]);
    expect(warnings).toEqual([]);
  });

  it('uses the detail duration over the computed one', () => {
    const outcome = processBooking(booking({}, { durationInMinutes: 45 }), context);
    expect(entryOf(outcome).entry.durationMinutes).toBe(45);
  });

  it.each([
    ['no time at all', { formattedName: undefined }, 'MWL_REJECT_NO_SCHEDULED_DATE'],
    ['an unreadable time', { formattedName: 'tomorrow morning' }, 'MWL_REJECT_INVALID_DATE'],
  ])('rejects a booking with %s', (_name, overrides, code) => {
    const outcome = processBooking(booking(overrides), context);
    expect(outcome.kind === 'rejection' && outcome.rejection.reasonCode).toBe(code);
  });

  it('drops a booking that starts outside the window', () => {
    const at = (from: string) => ({
      ...context,
      window: { from: new Date(from), to: new Date('2026-01-06T07:00:00Z') },
    });
    expect(processBooking(booking(), at('2026-01-05T17:00:01Z'))).toEqual({ kind: 'outside' });
    expect(processBooking(booking(), at('2026-01-05T17:00:00Z')).kind).toBe('entry');
  });
});

describe('screenListed', () => {
  const window = { from: new Date('2026-01-05T07:00:00Z'), to: new Date('2026-01-06T07:00:00Z') };
  it.each<[string, Partial<ListedBooking>, unknown]>([
    ['fetches a booking of the window', {}, 'fetch'],
    ['fetches a booking whose time it cannot read', { formattedName: 'n/a' }, 'fetch'],
    [
      'leaves out a skipped status without a request',
      { status: 'Pending' },
      { kind: 'skipped', reason: 'status' },
    ],
    [
      'leaves out a booking after the window',
      { formattedName: '[2026-01-06 00:30:00.0, 2026-01-06 01:00:00.0]' },
      { kind: 'outside' },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(screenListed(booking(overrides).listed, { ...context, window })).toEqual(expected);
  });
});
