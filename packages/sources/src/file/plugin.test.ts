import { describe, expect, it } from 'vitest';
import type { FileAccess } from './plugin.ts';
import { chunksOf, collect, createFileTestSource, MARCH_WINDOW } from './test-support.ts';

const CSV =
  [
    'participant,family,given,dob,sex,scan_date,scan_time,station',
    'sub-001,Müller,Jörg,1980-01-15,M,2026-03-10,09:30,MRI_3T',
    'sub-002,Doe,Jane,1975,F,2026-03-10,10:30,MRI_3T',
    ',No,Key,1990-01-01,F,2026-03-10,11:30,MRI_3T',
    'sub-003,Roe,Rick,1990-02-02,O,,,MRI_3T',
    'sub-004,Far,Future,1990-02-02,F,2027-01-01,08:00,MRI_3T',
  ].join('\n') + '\n';

const FIELD_MAPPING = {
  patientName: { template: '{family}^{given}' },
  patientId: 'participant',
  patientBirthDate: 'dob',
  patientSex: 'sex',
  modality: { constant: 'MR' },
  scheduledStationAeTitle: 'station',
};

function fakeFiles(initial: string): FileAccess & { content: string; reads: number } {
  const files = {
    content: initial,
    reads: 0,
    read: () => {
      files.reads++;
      return chunksOf(files.content, files.content.length);
    },
    version: () => Promise.resolve(String(files.content.length)),
  };
  return files;
}

const window = MARCH_WINDOW;
const createSource = (files: FileAccess) => createFileTestSource(FIELD_MAPPING, { files });

describe('the file source', () => {
  it('maps CSV rows to canonical entries and rejects rows without key or date', async () => {
    const source = await createSource(fakeFiles(CSV));
    const { entries, rejections, end } = await collect(source.fetchWindow({ kind: 'full', ...window }));
    expect(
      entries.map((entry) => [entry.sourceKey, entry.patientName, entry.spsStartDate, entry.spsStartTime]),
    ).toEqual([
      ['sub-001', 'Müller^Jörg', '20260310', '093000'],
      ['sub-002', 'Doe^Jane', '20260310', '103000'],
    ]);
    expect(entries[0]).toMatchObject({
      patientBirthDate: '19800115',
      patientSex: 'M',
      spsStartAt: '2026-03-10T09:30:00-06:00',
    });
    expect(entries[1]?.patientBirthDate).toBeUndefined();
    expect(rejections.map((rejection) => [rejection.sourceKey, rejection.reasonCode])).toEqual([
      ['demo.csv line 4', 'MWL_REJECT_MISSING_FIELD'],
      ['sub-003', 'MWL_REJECT_NO_SCHEDULED_DATE'],
    ]);
    expect(end).toMatchObject({
      complete: true,
      seenKeys: ['sub-001', 'sub-002'],
      stats: { rows: 5, outsideWindow: 1 },
    });
  });

  it('skips an incremental read while the file is unchanged, and never calls it complete', async () => {
    const files = fakeFiles(CSV);
    const source = await createSource(files);
    const first = await collect(source.fetchWindow({ kind: 'incremental', ...window, scheduled: window }));
    expect([first.entries.length, first.end.complete, files.reads]).toEqual([2, false, 1]);
    const unchanged = await collect(
      source.fetchWindow({ kind: 'incremental', ...window, scheduled: window }),
    );
    expect([unchanged.entries.length, files.reads]).toEqual([0, 1]);
    files.content = CSV.replace('Doe,Jane', 'Doe,Janet');
    const changed = await collect(source.fetchWindow({ kind: 'incremental', ...window, scheduled: window }));
    expect(changed.entries.find((entry) => entry.sourceKey === 'sub-002')?.patientName).toBe('Doe^Janet');
  });

  it('reads a JSON array of objects', async () => {
    const json = JSON.stringify([
      {
        participant: 'sub-9',
        family: 'Yamada',
        given: 'Taro',
        sex: 'M',
        scan_date: '2026-03-12',
        scan_time: '14:00',
        station: 'EEG_1',
      },
    ]);
    const source = await createFileTestSource(FIELD_MAPPING, {
      files: fakeFiles(json),
      config: { path: 'demo.json' },
    });
    const { entries } = await collect(source.fetchWindow({ kind: 'full', ...window }));
    expect(entries.map((entry) => entry.patientName)).toEqual(['Yamada^Taro']);
  });

  it('fails the fetch with a clear error for a malformed file', async () => {
    const source = await createSource(fakeFiles('participant,scan_date\n"sub-1,2026-03-10\n'));
    await expect(collect(source.fetchWindow({ kind: 'full', ...window }))).rejects.toMatchObject({
      code: 'MWL_ERR_SOURCE_RESPONSE',
      message: expect.stringContaining('line 2'),
    });
  });
});
