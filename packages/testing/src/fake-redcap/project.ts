import { parseFilterLogic } from './filter-logic.ts';

/**
 * The fake's in-memory REDCap project: metadata, events, repeating instruments and records, each
 * record a list of flat rows (one per event / repeat instance) with its last modification time.
 * Times are the server's local wall clock, `YYYY-MM-DD HH:MM:SS`, as REDCap's own log keeps them.
 */

export type FlatRow = Record<string, string>;

export interface MetadataField {
  field_name: string;
  form_name: string;
  field_type: string;
  select_choices_or_calculations: string;
  [key: string]: string;
}

/** A fixture: a project as recorded from REDCap's API (content=project, metadata, record). */
export interface FakeRedcapFixture {
  description?: string;
  project: Record<string, string | number>;
  metadata: MetadataField[];
  events?: Record<string, string | number>[];
  formEventMapping?: Record<string, string | number>[];
  repeatingFormsEvents?: { event_name: string; form_name: string; custom_form_label?: string }[];
  records: { modified: string; rows: FlatRow[] }[];
}

export interface RowIdentity {
  event?: string;
  instrument?: string;
  instance?: string | number;
}

interface StoredRecord {
  rows: FlatRow[];
  modified: string;
}

export class ExportError extends Error {}

export const EVENT = 'redcap_event_name';
export const INSTRUMENT = 'redcap_repeat_instrument';
export const INSTANCE = 'redcap_repeat_instance';

export interface ExportParams {
  fields?: string[];
  forms?: string[];
  events?: string[];
  records?: string[];
  rawOrLabel?: string;
  filterLogic?: string;
  dateRangeBegin?: string;
  dateRangeEnd?: string;
}

export class FakeProject {
  readonly fixture: FakeRedcapFixture;
  readonly recordIdField: string;
  readonly longitudinal: boolean;
  readonly hasRepeating: boolean;
  private readonly records = new Map<string, StoredRecord>();
  private readonly eventOrder: string[];
  private readonly formOrder: string[];

  constructor(fixture: FakeRedcapFixture) {
    this.fixture = structuredClone(fixture);
    this.recordIdField = fixture.metadata[0]!.field_name;
    this.longitudinal = Number(fixture.project.is_longitudinal) === 1;
    this.hasRepeating = Number(fixture.project.has_repeating_instruments_or_events) === 1;
    this.eventOrder = (fixture.events ?? []).map((event) => String(event.unique_event_name));
    this.formOrder = [...new Set(fixture.metadata.map((field) => field.form_name))];
    for (const record of fixture.records) {
      const id = record.rows[0]?.[this.recordIdField];
      if (id === undefined) throw new Error('fixture record without a record id');
      this.records.set(id, { rows: record.rows.map((row) => ({ ...row })), modified: record.modified });
    }
  }

  recordIds(): string[] {
    return [...this.records.keys()];
  }

  rowsOf(recordId: string): FlatRow[] | undefined {
    return this.records.get(recordId)?.rows.map((row) => ({ ...row }));
  }

  modifiedOf(recordId: string): string | undefined {
    return this.records.get(recordId)?.modified;
  }

  /** Replaces a record's rows (each row names its event/instrument/instance columns as needed). */
  upsertRecord(recordId: string, rows: readonly FlatRow[], modified: string): void {
    this.records.set(recordId, {
      rows: rows.map((row) => ({ ...row, [this.recordIdField]: recordId })),
      modified,
    });
  }

  /** Merges `values` into one row of a record (created when missing). */
  updateRow(recordId: string, where: RowIdentity, values: FlatRow, modified: string): void {
    const record = this.records.get(recordId) ?? { rows: [], modified };
    const identity = this.identityColumns(where);
    let row = record.rows.find((candidate) => this.matches(candidate, where));
    if (!row) {
      row = { [this.recordIdField]: recordId, ...identity };
      record.rows.push(row);
    }
    Object.assign(row, values);
    record.modified = modified;
    this.records.set(recordId, record);
  }

  deleteRecord(recordId: string): boolean {
    return this.records.delete(recordId);
  }

  removeRow(recordId: string, where: RowIdentity, modified?: string): boolean {
    const record = this.records.get(recordId);
    if (!record) return false;
    const before = record.rows.length;
    record.rows = record.rows.filter((row) => !this.matches(row, where));
    if (modified !== undefined) record.modified = modified;
    return record.rows.length < before;
  }

  private identityColumns(where: RowIdentity): FlatRow {
    const columns: FlatRow = {};
    if (this.longitudinal) columns[EVENT] = where.event ?? '';
    if (this.hasRepeating) {
      columns[INSTRUMENT] = where.instrument ?? '';
      columns[INSTANCE] = where.instance === undefined ? '' : String(where.instance);
    }
    return columns;
  }

  private matches(row: FlatRow, where: RowIdentity): boolean {
    return (
      (row[EVENT] ?? '') === (where.event ?? '') &&
      (row[INSTRUMENT] ?? '') === (where.instrument ?? '') &&
      (row[INSTANCE] ?? '') === (where.instance === undefined ? '' : String(where.instance))
    );
  }

  metadata(fields?: string[], forms?: string[]): MetadataField[] {
    if (!fields && !forms) return this.fixture.metadata;
    return this.fixture.metadata.filter(
      (field) => fields?.includes(field.field_name) || forms?.includes(field.form_name),
    );
  }

  /** Export Records, flat: the subset of REDCap's behaviour described in index.ts. */
  exportRecords(params: ExportParams): FlatRow[] {
    const known = new Set(this.fixture.metadata.map((field) => field.field_name));
    const unknownFields = (params.fields ?? []).filter((field) => !known.has(field));
    if (unknownFields.length > 0) {
      throw new ExportError(
        `The following values in the parameter "fields" are not valid: ${unknownFields.join(', ')}`,
      );
    }
    const unknownForms = (params.forms ?? []).filter((form) => !this.formOrder.includes(form));
    if (unknownForms.length > 0) {
      throw new ExportError(
        `The following values in the parameter "forms" are not valid: ${unknownForms.join(', ')}`,
      );
    }
    const selected = params.fields || params.forms;
    const exportFields = this.fixture.metadata
      .filter(
        (field) =>
          !selected || params.fields?.includes(field.field_name) || params.forms?.includes(field.form_name),
      )
      .filter((field) => field.field_type !== 'descriptive');
    const exportForms = new Set(exportFields.map((field) => field.form_name));
    let predicate: ((row: FlatRow) => boolean) | undefined;
    try {
      predicate = params.filterLogic ? parseFilterLogic(params.filterLogic) : undefined;
    } catch (error) {
      throw new ExportError(`The filterLogic is not valid: ${(error as Error).message}`);
    }

    const out: FlatRow[] = [];
    for (const [id, record] of this.records) {
      if (params.records && !params.records.includes(id)) continue;
      if (params.dateRangeBegin && !(record.modified > params.dateRangeBegin)) continue;
      if (params.dateRangeEnd && !(record.modified < params.dateRangeEnd)) continue;
      if (predicate && !record.rows.some((row) => predicate(row))) continue;
      for (const row of this.sortRows(record.rows)) {
        const event = row[EVENT] ?? '';
        const instrument = row[INSTRUMENT] ?? '';
        if (params.events && !params.events.includes(event)) continue;
        if (instrument !== '' && selected && !exportForms.has(instrument)) continue;
        out.push(this.outputRow(row, exportFields, params.rawOrLabel === 'label'));
      }
    }
    return out;
  }

  private sortRows(rows: FlatRow[]): FlatRow[] {
    const rank = (row: FlatRow) => [
      this.eventOrder.indexOf(row[EVENT] ?? ''),
      row[INSTRUMENT] ? 1 + this.formOrder.indexOf(row[INSTRUMENT]) : 0,
      Number(row[INSTANCE] || 0),
    ];
    return [...rows].sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
      return 0;
    });
  }

  private outputRow(row: FlatRow, exportFields: MetadataField[], labels: boolean): FlatRow {
    const out: FlatRow = {};
    const idIncluded = exportFields.some((field) => field.field_name === this.recordIdField);
    if (idIncluded) out[this.recordIdField] = row[this.recordIdField] ?? '';
    if (this.longitudinal) out[EVENT] = row[EVENT] ?? '';
    if (this.hasRepeating) {
      out[INSTRUMENT] = row[INSTRUMENT] ?? '';
      out[INSTANCE] = row[INSTANCE] ?? '';
    }
    for (const field of exportFields) {
      if (field.field_name === this.recordIdField) continue;
      if (field.field_type === 'checkbox') {
        for (const code of choiceCodes(field.select_choices_or_calculations)) {
          const column = `${field.field_name}___${code}`;
          out[column] = row[column] || '0';
        }
        continue;
      }
      const value = row[field.field_name] ?? '';
      out[field.field_name] = labels && value !== '' ? (labelOf(field, value) ?? value) : value;
    }
    return out;
  }
}

function choiceCodes(choices: string): string[] {
  return choices
    .split('|')
    .map((item) => item.slice(0, item.indexOf(',')).trim())
    .filter((code) => code !== '');
}

function labelOf(field: MetadataField, value: string): string | undefined {
  const fixed: Record<string, string> = { yesno: '1, Yes | 0, No', truefalse: '1, True | 0, False' };
  if (!['radio', 'dropdown', 'yesno', 'truefalse'].includes(field.field_type)) return undefined;
  for (const item of (fixed[field.field_type] ?? field.select_choices_or_calculations).split('|')) {
    const comma = item.indexOf(',');
    if (comma > 0 && item.slice(0, comma).trim() === value) return item.slice(comma + 1).trim();
  }
  return undefined;
}
