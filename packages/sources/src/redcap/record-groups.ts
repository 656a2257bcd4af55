import { SourceResponseError } from '../errors.ts';
import { rowKey, type KeyedRow, type RedcapRow } from './rows.ts';

/**
 * Cuts a stream of export rows into records. REDCap exports a record's rows together (sorted by
 * record, then event and instance), so only the current record is held; a row of a record that
 * already ended means the export is not grouped, and `RecordsApartError` is thrown before that
 * record's candidates could be merged wrongly.
 */
export class RecordsApartError extends SourceResponseError {
  constructor() {
    super(
      "REDCap exported one record's rows apart from each other; this fetch stops, and the source " +
        'reads its exports whole from now on',
    );
  }
}

export interface RecordGrouper {
  /** Adds a row; returns the previous record's rows when this row begins another record. */
  add(row: RedcapRow): KeyedRow[] | undefined;
  /** The last record's rows. */
  end(): KeyedRow[] | undefined;
}

export function createRecordGrouper(recordIdField: string): RecordGrouper {
  /** Records already ended: their ids only. */
  const ended = new Set<string>();
  let current: KeyedRow[] = [];
  let record: string | undefined;

  return {
    add(row) {
      const key = rowKey(row, recordIdField);
      if (key.record === record) {
        current.push({ row, key });
        return undefined;
      }
      if (ended.has(key.record)) throw new RecordsApartError();
      const done = current;
      if (record !== undefined) ended.add(record);
      record = key.record;
      current = [{ row, key }];
      return done.length > 0 ? done : undefined;
    },
    end() {
      const done = current;
      current = [];
      return done.length > 0 ? done : undefined;
    },
  };
}
