import { describe, expect, it } from 'vitest';
import { createScheduleCache } from '../mapping/schedule.ts';
import { fieldMappingSchema } from '../mapping/spec-schema.ts';
import type { FetchBatch } from '../plugin.ts';
import { processRows, type ProcessRowsOptions } from './process-rows.ts';
import { RecordsApartError } from './record-groups.ts';
import type { RedcapRow } from './rows.ts';

// REDCap's rows streamed record by record: a repeating instance merged over its record's base row,
// the same entries as a whole-export selection, and a refusal when a record's rows come apart.

const options: ProcessRowsOptions = {
  recordIdField: 'record_id',
  selection: { instrument: 'mri' },
  mapping: {
    fields: fieldMappingSchema.parse({
      patientName: { template: '{family}^{given}' },
      patientId: 'record_id',
      modality: { constant: 'MR' },
      scheduledStationAeTitle: { constant: 'MRI_3T' },
    }),
    schedule: { date: { field: 'mri_date' }, time: { field: 'mri_time' } },
  },
  context: { source: 'redcap', timezone: 'America/Edmonton', scheduleCache: createScheduleCache() },
  batchSize: 2,
  trackKeys: true,
};

const base = (id: string, family: string): RedcapRow => ({
  record_id: id,
  redcap_repeat_instrument: '',
  redcap_repeat_instance: '',
  family,
  given: 'Pat',
  mri_date: '',
  mri_time: '',
});
const mri = (id: string, instance: string, date: string): RedcapRow => ({
  record_id: id,
  redcap_repeat_instrument: 'mri',
  redcap_repeat_instance: instance,
  family: '',
  given: '',
  mri_date: date,
  mri_time: '09:00',
});

async function* stream(rows: readonly RedcapRow[]): AsyncGenerator<RedcapRow> {
  for (const row of rows) {
    await Promise.resolve();
    yield row;
  }
}

async function run(rows: readonly RedcapRow[], buffered = false) {
  const batches: FetchBatch[] = [];
  const generator = processRows(stream(rows), { ...options, buffered });
  for (;;) {
    const next = await generator.next();
    if (next.done) return { batches, result: next.value };
    batches.push(next.value);
  }
}

const GROUPED = [
  base('1', 'Doe'),
  mri('1', '1', '2026-03-10'),
  mri('1', '2', '2026-03-11'),
  base('2', 'Roe'),
  mri('2', '1', '2026-03-12'),
  base('3', 'Poe'),
];

describe('processRows', () => {
  it('merges each instance over its record, record by record, in batches', async () => {
    const { batches, result } = await run(GROUPED);
    const entries = batches.flatMap((batch) => batch.entries);
    expect(entries.map((entry) => [entry.sourceKey, entry.patientName])).toEqual([
      ['1/-/mri/1', 'Doe^Pat'],
      ['1/-/mri/2', 'Doe^Pat'],
      ['2/-/mri/1', 'Roe^Pat'],
    ]);
    expect(batches.map((batch) => batch.entries.length)).toEqual([2, 1]);
    expect(result.stats).toEqual({ rows: 6, entries: 3, rejections: 0, skipped: 3, outsideWindow: 0 });
    expect(result.seenKeys).toEqual(['1/-/mri/1', '1/-/mri/2', '2/-/mri/1']);
  });

  it('gives the same entries as reading the whole export first', async () => {
    const streamed = await run(GROUPED);
    const buffered = await run(GROUPED, true);
    expect(streamed.batches.flatMap((b) => b.entries)).toEqual(buffered.batches.flatMap((b) => b.entries));
    expect(streamed.result).toEqual(buffered.result);
  });

  it('refuses a record whose rows come apart, before merging them wrongly', async () => {
    const apart = [
      base('1', 'Doe'),
      mri('2', '1', '2026-03-12'),
      base('2', 'Roe'),
      mri('1', '1', '2026-03-10'),
    ];
    await expect(run(apart)).rejects.toBeInstanceOf(RecordsApartError);
    await expect(run(apart)).rejects.toMatchObject({ code: 'MWL_ERR_SOURCE_RESPONSE' });
  });

  it('reads such an export correctly when buffered', async () => {
    const apart = [
      mri('1', '1', '2026-03-10'),
      base('2', 'Roe'),
      mri('2', '1', '2026-03-12'),
      base('1', 'Doe'),
    ];
    const { batches } = await run(apart, true);
    expect(batches.flatMap((b) => b.entries).map((e) => [e.sourceKey, e.patientName])).toEqual([
      ['1/-/mri/1', 'Doe^Pat'],
      ['2/-/mri/1', 'Roe^Pat'],
    ]);
  });
});
