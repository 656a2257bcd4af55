import type { ValueSpec } from '../mapping/spec-schema.ts';
import { targetInfo } from '../mapping/targets.ts';

/**
 * Pylantir's Calpendo `field_mapping` as the declarative mapping. Pylantir wrote it two ways, both
 * accepted:
 *
 * - keyed by the **Calpendo field** (its design documents): `"resource.formattedName": "modality"`,
 *   or `"title": { "_extract": { "patient_id": { "pattern": "^([A-Z0-9]+)", "group": 1 }, … } }`
 *   (one field, several worklist columns);
 * - keyed by the **worklist column** (its code and example config): `"accession_number": "id"`, or
 *   `"patient_id": { "source_field": "title", "_extract": { "pattern": "…", "group": 1 } }`.
 *
 * A string entry is read by which side names a Pylantir worklist column. Python regexes become
 * JavaScript ones (`(?P<name>…)` → `(?<name>…)`); `group` defaults to 0 (the whole match) as in
 * Python. Unlike Pylantir, a pattern that does not match never falls back to the whole field (that
 * would put e.g. a name into PatientID): the value is missing (a rejection for a required field).
 * Columns the plugin fills itself are dropped with a note: the schedule (from `formattedName` or
 * `dateRange`), the status (from `status_map`), the Study Instance UID (generated, stable).
 */

export interface MappingProblem {
  /** Path inside `field_mapping`. */
  path: string[];
  message: string;
}

export interface PylantirMappingResult {
  field_mapping: Record<string, ValueSpec>;
  /** What the conversion decided (no booking values in them). */
  notes: string[];
  problems: MappingProblem[];
}

/** Pylantir worklist column → worklist field (and spec options). */
const COLUMNS: Record<string, { target: string; options?: Partial<ValueSpec> }> = {
  patient_id: { target: 'patientId' },
  patient_name: { target: 'patientName' },
  issuer_of_patient_id: { target: 'issuerOfPatientId' },
  patient_birth_date: { target: 'patientBirthDate' },
  patient_sex: { target: 'patientSex' },
  patient_weight_kg: { target: 'patientWeightKg', options: { unit: 'kg' } },
  patient_weight_lb: { target: 'patientWeightKg', options: { unit: 'lb' } },
  accession_number: { target: 'accessionNumber' },
  referring_physician_name: { target: 'referringPhysicianName' },
  performing_physician: { target: 'scheduledPerformingPhysician' },
  modality: { target: 'modality' },
  study_description: { target: 'studyDescription' },
  scheduled_station_aetitle: { target: 'scheduledStationAeTitle' },
  station_name: { target: 'scheduledStationName' },
  procedure_description: { target: 'spsDescription' },
  requested_procedure_id: { target: 'requestedProcedureId' },
  requested_procedure_description: { target: 'requestedProcedureDescription' },
  scheduled_procedure_step_id: { target: 'spsId' },
  scheduled_procedure_step_duration: { target: 'durationMinutes' },
};

const IGNORED: Record<string, string> = {
  scheduled_start_date: "the scheduled start is read from the booking's formattedName (or dateRange)",
  scheduled_start_time: "the scheduled start is read from the booking's formattedName (or dateRange)",
  performed_procedure_step_status: 'the status comes from config.status_map; MPPS owns the later states',
  study_instance_uid: 'Study Instance UIDs are generated, stable per booking',
  data_source: 'the source is the data_sources entry',
  hisris_coding_designator: 'not used by the Calpendo source',
  protocol_name: 'not used by the Calpendo source',
  notes: 'not used: the change hash is computed by mwl-bridge',
};

/** Fields that hold the resource name: mapped to `modality`, they mean "through the modality map". */
const RESOURCE_FIELDS = new Set([
  'resource',
  'resource.name',
  'resource.formattedName',
  'properties.resource.name',
  'properties.resource.formattedName',
]);

export function isPylantirColumn(name: string): boolean {
  return Object.hasOwn(COLUMNS, name) || Object.hasOwn(IGNORED, name);
}

/**
 * A mapping is in Pylantir's form when it names none of our worklist fields other than those a
 * Pylantir mapping may also use as keys (`modality`, `status`), and something in it is Pylantir's:
 * a column name as a value, a snake_case column as a key, `_extract` or `source_field`.
 */
export function isPylantirCalpendoMapping(mapping: Readonly<Record<string, unknown>>): boolean {
  const entries = Object.entries(mapping).filter(([key]) => !key.startsWith('_'));
  const ours = entries.some(
    ([key]) => targetInfo(key) !== undefined && key !== 'modality' && key !== 'status',
  );
  if (ours) return false;
  return entries.some(([key, value]) => {
    if (typeof value === 'string')
      return isPylantirColumn(value) || (isPylantirColumn(key) && key !== 'modality');
    return !!value && typeof value === 'object' && ('_extract' in value || 'source_field' in value);
  });
}

/** A Python `re` pattern as a JavaScript one (named groups and back-references). */
export function pythonRegexToJs(pattern: string): string {
  return pattern
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
}

interface Extraction {
  pattern: string;
  group?: number | string;
}

function readExtraction(value: unknown): Extraction | string {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return 'must be {"pattern": "…", "group": n}';
  const { pattern, group, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest).filter((key) => !key.startsWith('_'));
  if (unknown.length > 0) return `has unknown key ${unknown.map((k) => `"${k}"`).join(', ')}`;
  if (typeof pattern !== 'string' || pattern === '') return 'needs a "pattern" (a regular expression)';
  if (
    group !== undefined &&
    !(typeof group === 'string' || (Number.isInteger(group) && (group as number) >= 0))
  ) {
    return '"group" must be a group number or name';
  }
  return { pattern, ...(group !== undefined ? { group: group as number | string } : {}) };
}

export function convertPylantirCalpendoMapping(
  mapping: Readonly<Record<string, unknown>>,
): PylantirMappingResult {
  const field_mapping: Record<string, ValueSpec> = {};
  const mappedBy = new Map<string, string>();
  const notes: string[] = [];
  const problems: MappingProblem[] = [];

  const add = (path: string[], column: string, source: string, extraction?: Extraction) => {
    if (Object.hasOwn(IGNORED, column)) {
      notes.push(`field_mapping.${path.join('.')}: "${column}" is not mapped: ${IGNORED[column]}`);
      return;
    }
    const info = COLUMNS[column];
    if (!info) {
      problems.push({
        path,
        message: `"${column}" is not a Pylantir worklist column; known: ${knownColumns()}`,
      });
      return;
    }
    const previous = mappedBy.get(info.target);
    if (previous !== undefined) {
      problems.push({ path, message: `maps ${column} a second time (also mapped by "${previous}")` });
      return;
    }
    mappedBy.set(info.target, path.join('.'));
    const throughModalityMap = info.target === 'modality' && RESOURCE_FIELDS.has(source) && !extraction;
    field_mapping[info.target] = throughModalityMap
      ? { field: 'resource.modality' }
      : {
          field: source,
          ...(extraction ? { regex: pythonRegexToJs(extraction.pattern), group: extraction.group ?? 0 } : {}),
          ...info.options,
        };
  };

  for (const [key, value] of Object.entries(mapping)) {
    if (key.startsWith('_')) continue;
    if (typeof value === 'string') {
      if (isPylantirColumn(value)) add([key], value, key);
      else if (isPylantirColumn(key)) add([key], key, value);
      else
        problems.push({
          path: [key],
          message: `neither "${key}" nor "${value}" is a Pylantir worklist column`,
        });
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({
        path: [key],
        message: 'must be a field name or an object with "source_field" / "_extract"',
      });
      continue;
    }
    const entry = value as Record<string, unknown>;
    if (entry.source_field !== undefined) {
      convertTargetKeyed(key, entry, add, problems);
      continue;
    }
    const extract = entry._extract;
    if (!extract || typeof extract !== 'object' || Array.isArray(extract)) {
      problems.push({
        path: [key],
        message: 'needs "source_field", or "_extract" with a pattern per worklist column',
      });
      continue;
    }
    if (typeof (extract as Record<string, unknown>).pattern === 'string') {
      problems.push({
        path: [key, '_extract'],
        message: 'a single pattern needs "source_field" (the Calpendo field)',
      });
      continue;
    }
    for (const [column, spec] of Object.entries(extract as Record<string, unknown>)) {
      if (column.startsWith('_')) continue;
      const extraction = readExtraction(spec);
      if (typeof extraction === 'string')
        problems.push({ path: [key, '_extract', column], message: extraction });
      else add([key, '_extract', column], column, key, extraction);
    }
  }
  return { field_mapping, notes, problems };
}

function convertTargetKeyed(
  key: string,
  entry: Record<string, unknown>,
  add: (path: string[], column: string, source: string, extraction?: Extraction) => void,
  problems: MappingProblem[],
): void {
  const { source_field: source, _extract: extract, ...rest } = entry;
  const unknown = Object.keys(rest).filter((name) => !name.startsWith('_'));
  if (unknown.length > 0) {
    problems.push({ path: [key], message: `has unknown key ${unknown.map((k) => `"${k}"`).join(', ')}` });
    return;
  }
  if (typeof source !== 'string' || source.trim() === '') {
    problems.push({ path: [key, 'source_field'], message: 'must be a Calpendo field name' });
    return;
  }
  if (extract === undefined) {
    add([key], key, source.trim());
    return;
  }
  const extraction = readExtraction(extract);
  if (typeof extraction === 'string') problems.push({ path: [key, '_extract'], message: extraction });
  else add([key], key, source.trim(), extraction);
}

function knownColumns(): string {
  return Object.keys(COLUMNS).join(', ');
}
