import { describe, expect, it } from 'vitest';
import { mergeCharacterSets } from './mpps-charset.ts';
import { decideCreate } from './mpps-create.ts';
import { finalSetDataset, performedSeries, validCreateDataset } from './mpps-fixtures.ts';
import { decideSet, type MppsState } from './mpps-set.ts';

function created(overrides = {}): MppsState {
  const decision = decideCreate(validCreateDataset(overrides));
  if (!decision.ok) throw new Error('fixture refused');
  return { status: decision.created.status, attributes: decision.created.attributes };
}

describe('decideSet', () => {
  it.each(['COMPLETED', 'DISCONTINUED'] as const)(
    'moves IN PROGRESS to %s with its final attributes',
    (status) => {
      const decision = decideSet(created(), finalSetDataset(status));
      expect(decision).toMatchObject({
        ok: true,
        updated: { status, final: true, endDate: '20260310', endTime: '100000', ignored: [] },
      });
    },
  );

  it('keeps IN PROGRESS for a sparse N-SET without a status, and keeps what it does not carry', () => {
    const first = decideSet(created(), { PerformedSeriesSequence: performedSeries() });
    if (!first.ok) throw new Error('refused');
    expect(first.updated).toMatchObject({ status: 'IN PROGRESS', final: false });
    const second = decideSet(first.updated, { PerformedProcedureStepDescription: 'brain' });
    if (!second.ok) throw new Error('refused');
    expect(second.updated.attributes['PerformedSeriesSequence']).toEqual(performedSeries());
    expect(second.updated.attributes['PerformedProcedureStepDescription']).toBe('brain');
    const third = decideSet(second.updated, {
      PerformedProcedureStepStatus: 'COMPLETED',
      PerformedProcedureStepEndDate: '20260310',
      PerformedProcedureStepEndTime: '101500',
    });
    expect(third).toMatchObject({ ok: true, updated: { status: 'COMPLETED' } });
  });

  it.each(['COMPLETED', 'DISCONTINUED'])('refuses any N-SET on a %s instance with 0110 / A710', (status) => {
    const decision = decideSet({ status, attributes: {} }, { PerformedProcedureStepDescription: 'x' });
    expect(decision).toEqual({
      ok: false,
      failure: {
        status: 0x0110,
        attributes: [],
        errorId: 0xa710,
        comment: 'Performed Procedure Step Object may no longer be updated',
      },
    });
  });

  it.each([
    [
      'no End Date',
      finalSetDataset('COMPLETED', { PerformedProcedureStepEndDate: '' }),
      0x0121,
      ['PerformedProcedureStepEndDate'],
    ],
    [
      'no End Time',
      finalSetDataset('DISCONTINUED', { PerformedProcedureStepEndTime: '' }),
      0x0121,
      ['PerformedProcedureStepEndTime'],
    ],
    [
      'no Performed Series item',
      finalSetDataset('COMPLETED', { PerformedSeriesSequence: [] }),
      0x0121,
      ['PerformedSeriesSequence'],
    ],
    [
      'a series without its UID',
      finalSetDataset('COMPLETED', { PerformedSeriesSequence: [{ ProtocolName: 'p' }] }),
      0x0120,
      ['SeriesInstanceUID'],
    ],
    ['an unknown status', { PerformedProcedureStepStatus: 'DONE' }, 0x0106, ['PerformedProcedureStepStatus']],
    [
      'an End Date that is not DA',
      { PerformedProcedureStepEndDate: '10.03.2026' },
      0x0106,
      ['PerformedProcedureStepEndDate'],
    ],
  ])('refuses a final state with %s', (_name, request, status, attributes) => {
    const decision = decideSet(created(), request);
    expect(decision).toMatchObject({ ok: false, failure: { status, attributes } });
  });

  it('a final state may rely on attributes set by an earlier N-SET', () => {
    const first = decideSet(created(), { PerformedSeriesSequence: performedSeries() });
    if (!first.ok) throw new Error('refused');
    const decision = decideSet(
      first.updated,
      finalSetDataset('COMPLETED', { PerformedSeriesSequence: undefined }),
    );
    expect(decision).toMatchObject({ ok: true, updated: { status: 'COMPLETED' } });
  });

  it('ignores attributes N-SET may not change, keeps the N-CREATE values and reports them', () => {
    const decision = decideSet(
      created(),
      finalSetDataset('COMPLETED', {
        PatientName: 'OTHER^NAME',
        PerformedStationAETitle: 'CT_1',
        PerformedProcedureStepStartDate: '20250101',
      }),
    );
    if (!decision.ok) throw new Error('refused');
    expect(decision.updated.ignored).toEqual([
      'PatientName',
      'PerformedStationAETitle',
      'PerformedProcedureStepStartDate',
    ]);
    expect(decision.updated.attributes).toMatchObject({
      PatientName: 'Müller^Jörg',
      PerformedStationAETitle: 'MRI_3T',
      PerformedProcedureStepStartDate: '20260310',
    });
  });

  it('merges the character set: Latin-1 instance updated in UTF-8 declares UTF-8', () => {
    const decision = decideSet(created(), {
      SpecificCharacterSet: 'ISO_IR 192',
      PerformedProcedureStepDescription: '脳',
    });
    expect(decision.ok && decision.updated.attributes['SpecificCharacterSet']).toBe('ISO_IR 192');
    expect(decision.ok && decision.updated.attributes['PatientName']).toBe('Müller^Jörg');
  });
});

describe('mergeCharacterSets', () => {
  it.each([
    ['ISO_IR 100', undefined, 'ISO_IR 100'],
    ['ISO_IR 100', 'ISO_IR 100', 'ISO_IR 100'],
    [undefined, 'ISO_IR 192', 'ISO_IR 192'],
    ['ISO_IR 6', 'ISO_IR 100', 'ISO_IR 100'],
    ['ISO_IR 100', 'ISO_IR 192', 'ISO_IR 192'],
    ['ISO_IR 100', 'ISO_IR 144', 'ISO_IR 192'],
    [undefined, undefined, undefined],
    [
      ['', 'ISO 2022 IR 87'],
      ['', 'ISO 2022 IR 87'],
      ['', 'ISO 2022 IR 87'],
    ],
  ])('stored %j + N-SET %j → %j', (stored, incoming, merged) => {
    expect(mergeCharacterSets(stored, incoming)).toEqual(merged);
  });
});
