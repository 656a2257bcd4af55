import {
  convertPylantirCalpendoMapping,
  convertRedcapLegacySource,
  isPylantirCalpendoMapping,
  isRedcapLegacyForm,
} from '@mwl/sources';

/**
 * Pylantir wrote the `config` / `field_mapping` of its REDCap and Calpendo sources in its own forms;
 * the plugins read them as they are. Here: telling the user (check-config warnings) and writing the
 * declarative form out (convert-config), with the plugins' own conversions.
 */

interface SourceEntry {
  type?: unknown;
  config?: unknown;
  field_mapping?: unknown;
}

/** A note about one source; `path` is inside the `data_sources[]` entry ('' for the entry). */
export interface SourceNote {
  path: string;
  message: string;
}

/** check-config tells how to get rid of the warning; convert-config what it did. */
export type NotePurpose = 'check' | 'convert';

const header = (system: string, purpose: NotePurpose) =>
  purpose === 'check'
    ? `Pylantir's ${system} form, read as the declarative mapping; run \`mwl-bridge convert-config\` to write that out`
    : `Pylantir's ${system} form, written as the declarative mapping`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutComments(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('_')));
}

/** Calpendo's mapping as Pylantir placed it: beside `config`, or nested in it. */
function calpendoMapping(source: SourceEntry): Record<string, unknown> | undefined {
  const beside = isRecord(source.field_mapping) ? withoutComments(source.field_mapping) : {};
  if (Object.keys(beside).length > 0) return beside;
  const nested = isRecord(source.config) ? source.config.field_mapping : undefined;
  return isRecord(nested) ? withoutComments(nested) : undefined;
}

/** Warnings for a source written in Pylantir's form (none for the declarative form). */
export function pylantirFormNotes(source: SourceEntry, purpose: NotePurpose = 'check'): SourceNote[] {
  if (source.type === 'redcap' && isRedcapLegacyForm(source)) {
    const converted = convertRedcapLegacySource(source);
    return [
      { path: 'field_mapping', message: header('REDCap', purpose) },
      ...converted.warnings.map((message) => ({ path: '', message })),
    ];
  }
  const mapping = source.type === 'calpendo' ? calpendoMapping(source) : undefined;
  if (mapping && isPylantirCalpendoMapping(mapping)) {
    const converted = convertPylantirCalpendoMapping(mapping);
    return [
      { path: 'field_mapping', message: header('Calpendo', purpose) },
      ...converted.notes.map((message) => ({ path: 'field_mapping', message })),
    ];
  }
  return [];
}

/**
 * A `data_sources[]` entry with its Pylantir-form `config` / `field_mapping` rewritten in the
 * declarative form the plugin reads. Entries already declarative, or whose conversion finds
 * problems (check-config reports them), come back unchanged.
 */
export function convertPylantirSource(entry: Record<string, unknown>): Record<string, unknown> {
  if (entry.type === 'redcap' && isRedcapLegacyForm(entry)) {
    const converted = convertRedcapLegacySource(entry);
    return { ...entry, config: converted.config, field_mapping: converted.field_mapping };
  }
  const mapping = entry.type === 'calpendo' ? calpendoMapping(entry) : undefined;
  if (mapping && isPylantirCalpendoMapping(mapping)) {
    const converted = convertPylantirCalpendoMapping(mapping);
    if (converted.problems.length > 0) return entry;
    const { field_mapping: _nested, ...config } = isRecord(entry.config) ? entry.config : {};
    return { ...entry, config, field_mapping: converted.field_mapping };
  }
  return entry;
}
