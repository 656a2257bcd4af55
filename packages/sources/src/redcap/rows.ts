/**
 * Row selection for REDCap's flat export. One record can be several rows: one per event
 * (longitudinal, `redcap_event_name`), and one per instance of a repeating instrument
 * (`redcap_repeat_instrument` + `redcap_repeat_instance`) or of a repeating event (instance without
 * instrument). Worklist candidates are the selected rows, each merged over the record's
 * non-repeating rows, so demographics entered once (name, birth date) fill every scan row.
 */

export type RedcapRow = Readonly<Record<string, string | undefined>>;

export interface RowSelection {
  /** Rows of this repeating instrument; absent: the non-repeating rows (and repeating events). */
  instrument?: string;
  /** Rows of these unique event names (longitudinal projects); absent: every event. */
  events?: readonly string[];
  /** Rows where one of these (merged) fields is empty are not candidates. */
  requireNonEmpty?: readonly string[];
}

export interface RowKey {
  record: string;
  event: string;
  instrument: string;
  instance: string;
}

export interface SelectedRow {
  key: RowKey;
  /** `record/event/instrument/instance`, URI-encoded parts, `-` for an empty part. */
  sourceKey: string;
  /** `record=12 event=baseline_arm_1 instrument=mri instance=2` (empty parts left out). */
  rawRef: string;
  /** The candidate row's values over its record's non-repeating values. */
  values: Record<string, string>;
}

export interface RowSelectionResult {
  selected: SelectedRow[];
  /** Rows that are not candidates (other event/instrument, base rows, required field empty). */
  skipped: number;
}

const EVENT = 'redcap_event_name';
const INSTRUMENT = 'redcap_repeat_instrument';
const INSTANCE = 'redcap_repeat_instance';

export function rowKey(row: RedcapRow, recordIdField: string): RowKey {
  return {
    record: (row[recordIdField] ?? '').trim(),
    event: (row[EVENT] ?? '').trim(),
    instrument: (row[INSTRUMENT] ?? '').trim(),
    instance: (row[INSTANCE] ?? '').trim(),
  };
}

export function sourceKeyOf(key: RowKey): string {
  return [key.record, key.event, key.instrument, key.instance]
    .map((part) => (part === '' ? '-' : encodeURIComponent(part)))
    .join('/');
}

export function rawRefOf(key: RowKey): string {
  const parts: [string, string][] = [
    ['record', key.record],
    ['event', key.event],
    ['instrument', key.instrument],
    ['instance', key.instance],
  ];
  return parts
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

/** A base row carries the record's non-repeating data of its event. */
function isBaseRow(key: RowKey): boolean {
  return key.instrument === '' && key.instance === '';
}

function isCandidate(key: RowKey, selection: RowSelection): boolean {
  if (selection.events && !selection.events.includes(key.event)) return false;
  if (selection.instrument !== undefined) return key.instrument === selection.instrument;
  return key.instrument === '';
}

function fill(target: Record<string, string>, row: RedcapRow, overwrite: boolean): void {
  for (const [field, raw] of Object.entries(row)) {
    const value = raw ?? '';
    if (value.trim() === '') {
      target[field] ??= '';
      continue;
    }
    if (overwrite || (target[field] ?? '').trim() === '') target[field] = value;
  }
}

export interface KeyedRow {
  row: RedcapRow;
  key: RowKey;
}

/**
 * The candidates among all rows of one record. A candidate's values are, per field, its own
 * non-empty value, else its event's base row value, else the first non-empty value among the
 * record's other base rows (in export order).
 */
export function selectRecord(group: readonly KeyedRow[], selection: RowSelection): RowSelectionResult {
  const baseRows = group.filter(({ key }) => isBaseRow(key));
  const selected: SelectedRow[] = [];
  let skipped = 0;
  for (const { row, key } of group) {
    if (key.record === '' || !isCandidate(key, selection)) {
      skipped++;
      continue;
    }
    const values: Record<string, string> = {};
    for (const base of baseRows) if (base.key.event !== key.event) fill(values, base.row, false);
    const ownBase = baseRows.find((base) => base.key.event === key.event);
    if (ownBase && ownBase.row !== row) fill(values, ownBase.row, true);
    fill(values, row, true);
    const required = selection.requireNonEmpty ?? [];
    if (required.some((field) => (values[field] ?? '').trim() === '')) {
      skipped++;
      continue;
    }
    selected.push({ key, sourceKey: sourceKeyOf(key), rawRef: rawRefOf(key), values });
  }
  return { selected, skipped };
}

/** Groups rows by record (export order kept) and returns the candidates (see `selectRecord`). */
export function selectRows(
  rows: readonly RedcapRow[],
  recordIdField: string,
  selection: RowSelection,
): RowSelectionResult {
  const byRecord = new Map<string, KeyedRow[]>();
  for (const row of rows) {
    const key = rowKey(row, recordIdField);
    let group = byRecord.get(key.record);
    if (!group) byRecord.set(key.record, (group = []));
    group.push({ row, key });
  }
  const selected: SelectedRow[] = [];
  let skipped = 0;
  for (const group of byRecord.values()) {
    const result = selectRecord(group, selection);
    selected.push(...result.selected);
    skipped += result.skipped;
  }
  return { selected, skipped };
}
