import { SourceResponseError } from '../errors.ts';
import type { RedcapClient } from './client.ts';

/** Export Metadata (`content=metadata`): the project's fields, forms and choice labels. */
export interface RedcapFieldMeta {
  field_name: string;
  form_name: string;
  field_type: string;
  select_choices_or_calculations: string;
}

export interface ProjectMetadata {
  /** The first field of the project: the record id (e.g. `record_id`, `study_id`). */
  recordIdField: string;
  fields: ReadonlyMap<string, RedcapFieldMeta>;
  forms: ReadonlySet<string>;
  /** The label of a coded value of a radio/dropdown/checkbox/yesno/truefalse field. */
  labelOf(field: string, code: string): string | undefined;
}

/** Columns of a flat export that are not metadata fields. */
const EXPORT_COLUMNS = new Set([
  'redcap_event_name',
  'redcap_repeat_instrument',
  'redcap_repeat_instance',
  'redcap_data_access_group',
  'redcap_survey_identifier',
]);

const FIXED_CHOICES: Record<string, string> = { yesno: '1, Yes | 0, No', truefalse: '1, True | 0, False' };
const CHOICE_TYPES = new Set(['radio', 'dropdown', 'checkbox', 'yesno', 'truefalse']);

/** `1, Male | 2, Female` → { 1: Male, 2: Female } (labels may contain commas). */
export function parseChoices(text: string): Map<string, string> {
  const choices = new Map<string, string>();
  for (const item of text.split('|')) {
    const comma = item.indexOf(',');
    if (comma < 0) continue;
    const code = item.slice(0, comma).trim();
    if (code !== '') choices.set(code, item.slice(comma + 1).trim());
  }
  return choices;
}

export function parseMetadata(answer: unknown): ProjectMetadata {
  if (!Array.isArray(answer) || answer.length === 0) {
    throw new SourceResponseError('REDCap answered the metadata request with no field list');
  }
  const fields = new Map<string, RedcapFieldMeta>();
  const forms = new Set<string>();
  const choices = new Map<string, Map<string, string>>();
  for (const item of answer as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const raw = item as Record<string, unknown>;
    const text = (key: string) => (typeof raw[key] === 'string' ? raw[key] : '');
    const meta: RedcapFieldMeta = {
      field_name: text('field_name'),
      form_name: text('form_name'),
      field_type: text('field_type'),
      select_choices_or_calculations: text('select_choices_or_calculations'),
    };
    if (meta.field_name === '') continue;
    fields.set(meta.field_name, meta);
    if (meta.form_name !== '') forms.add(meta.form_name);
    if (CHOICE_TYPES.has(meta.field_type)) {
      const source = FIXED_CHOICES[meta.field_type] ?? meta.select_choices_or_calculations;
      choices.set(meta.field_name, parseChoices(source));
    }
  }
  const recordIdField = fields.keys().next().value;
  if (recordIdField === undefined) {
    throw new SourceResponseError('REDCap answered the metadata request with no field names');
  }
  return {
    recordIdField,
    fields,
    forms,
    labelOf(field, code) {
      // A checkbox column (`field___code`) holds 1/0, not a choice code.
      return choices.get(field)?.get(code);
    },
  };
}

export async function fetchMetadata(client: RedcapClient, signal?: AbortSignal): Promise<ProjectMetadata> {
  return parseMetadata(
    await client.call({ content: 'metadata', format: 'json', returnFormat: 'json' }, signal),
  );
}

/** Whether `name` is a column a flat export can have in this project. */
export function fieldExists(metadata: ProjectMetadata, name: string): boolean {
  if (metadata.fields.has(name) || EXPORT_COLUMNS.has(name)) return true;
  const checkbox = /^(.+?)___(.+)$/.exec(name);
  if (checkbox && metadata.fields.get(checkbox[1]!)?.field_type === 'checkbox') return true;
  const formColumn = /^(.+)_(complete|timestamp)$/.exec(name);
  return formColumn !== null && metadata.forms.has(formColumn[1]!);
}

/** The names in `fields` the project does not have, sorted, without repeats. */
export function missingFields(metadata: ProjectMetadata, fields: Iterable<string>): string[] {
  return [...new Set(fields)].filter((name) => !fieldExists(metadata, name)).sort();
}
