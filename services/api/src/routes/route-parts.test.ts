import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../errors.ts';
import { manualEntry } from '../manual/manual-entry.ts';
import { csvCell } from './csv.ts';
import { fieldPathsOf } from './sources.routes.ts';

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    [null, ''],
    [42, '42'],
  ] as const)('%s → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('rejection field paths', () => {
  it.each([
    ['spsStartDate (field scan_date) is empty', ['spsStartDate']],
    [
      'patientId (field pid) is empty; protocolCode.value must be 1-16 characters',
      ['patientId', 'protocolCode.value'],
    ],
    ['entry is invalid', []],
    ['record 12 has no scan date', []],
  ])('%s', (message, paths) => {
    expect(fieldPathsOf(message)).toEqual(paths);
  });
});

describe('manual entries', () => {
  const input = {
    patientName: 'DOE^JANE',
    patientId: 'P1',
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    scheduledAt: '2026-03-08T09:30:00Z',
  };

  it('derives the local date and time of the scanner from the instant and timezone', () => {
    const entry = manualEntry(input, 'm-1', 'America/Edmonton');
    expect(entry).toMatchObject({
      source: 'manual',
      sourceKey: 'm-1',
      spsStartDate: '20260308',
      spsStartTime: '033000', // DST began at 02:00 that morning
      timezone: 'America/Edmonton',
      status: 'SCHEDULED',
    });
  });

  it('reports invalid fields by path, never by value', () => {
    try {
      manualEntry({ ...input, patientBirthDate: '20261340', modality: '' }, 'm-1', 'UTC');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RequestValidationError);
      const { problems } = error as RequestValidationError;
      expect(problems?.map((p) => p.path).sort()).toEqual(['body.modality', 'body.patientBirthDate']);
      expect(JSON.stringify(problems)).not.toContain('20261340');
    }
  });

  it('refuses an unknown timezone', () => {
    expect(() => manualEntry({ ...input, timezone: 'Mars/Olympus' }, 'm-1', 'UTC')).toThrow(
      RequestValidationError,
    );
  });
});
