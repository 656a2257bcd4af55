import type { ValueSpec } from '../mapping/spec-schema.ts';
import { TARGETS } from '../mapping/targets.ts';

/**
 * Pylantir's REDCap settings (`redcap2wl`, `site`, `protocol`) as the declarative mapping.
 *
 * Pylantir's logic was written for one study and is kept as the default meaning of the legacy form:
 * rows of the repeating instrument `mri` with a non-empty `mri_instance`, scheduled by `mri_date` +
 * `mri_time`, over the record's non-repeating row; PatientName `cpip-id-<study>^fa-<family>` and
 * PatientID `sub_<study>_ses_<mri_instance>_fam_<family>_site_<site>` (study and family ids cut
 * after their last `-`), birth date from `youth_dob_y`, sex from `demo_sex`, modality MR, the
 * site's protocol as Scheduled Protocol Code (scheme `protocol.mapping`, else LOCAL) and SPS
 * description. A `redcap2wl` entry naming one of those worklist columns overrides the default.
 * Pylantir's invalid values are not copied: a year-only birth date is left out (with a warning),
 * sex codes go through the field's choice labels, pounds become kilograms, dates become DA.
 */

export interface RedcapLegacyInput {
  /** REDCap field → Pylantir worklist column. */
  redcap2wl: Record<string, unknown>;
  /** `site` (top-level form) or `site_id` (Pylantir's `data_sources` form). */
  site?: unknown;
  site_id?: unknown;
  /** `{ "<site>": "<protocol name>", "mapping": "<coding scheme>" }`, or a protocol name. */
  protocol?: unknown;
  mri_visit_session_mapping?: unknown;
  /** Pylantir's calling-AE allow-list: its first entry is the station AE title when none is mapped. */
  allowed_aet?: unknown;
}

export interface RedcapLegacyOptions {
  /** Scheduled Station AE Title when `redcap2wl` maps none (else `allowed_aet[0]`, else `ANY`). */
  stationAeTitle?: string;
}

export interface RedcapLegacyResult {
  config: Record<string, unknown>;
  field_mapping: Record<string, ValueSpec>;
  /** Things the conversion decided for the user; show them (no values of records in them). */
  warnings: string[];
}

/** Pylantir worklist column → our worklist field (and how to read it). */
const COLUMNS: Record<string, (field: string) => [string, ValueSpec]> = {
  patient_name: (field) => ['patientName', { field }],
  patient_id: (field) => ['patientId', { field }],
  patient_birth_date: (field) => ['patientBirthDate', { field }],
  patient_sex: (field) => ['patientSex', sexSpec(field)],
  patient_weight_lb: (field) => ['patientWeightKg', { field, unit: 'lb' }],
  patient_weight_kg: (field) => ['patientWeightKg', { field, unit: 'kg' }],
  accession_number: (field) => ['accessionNumber', { field }],
  referring_physician_name: (field) => ['referringPhysicianName', { field }],
  modality: (field) => ['modality', { field, default: 'MR' }],
  study_description: (field) => ['studyDescription', { field }],
  scheduled_station_aetitle: (field) => ['scheduledStationAeTitle', { field }],
  performing_physician: (field) => ['scheduledPerformingPhysician', { field }],
  procedure_description: (field) => ['spsDescription', { field }],
  station_name: (field) => ['scheduledStationName', { field }],
};
const SCHEDULE_COLUMNS = new Set(['scheduled_start_date', 'scheduled_start_time']);
const IGNORED_COLUMNS: Record<string, string> = {
  performed_procedure_step_status: 'the status is set by MPPS and by cancellation, not by the source',
  study_instance_uid: 'Study Instance UIDs are generated, stable per row',
  protocol_name: 'the protocol comes from "protocol"',
  hisris_coding_designator: 'the coding scheme comes from "protocol.mapping"',
  data_source: 'the source is the data_sources entry',
};

const SEX_LABELS: Record<string, string> = {
  male: 'M',
  m: 'M',
  man: 'M',
  boy: 'M',
  female: 'F',
  f: 'F',
  woman: 'F',
  girl: 'F',
  other: 'O',
  o: 'O',
  intersex: 'O',
};

function sexSpec(field: string): ValueSpec {
  return { field, by: 'label', map: { ...SEX_LABELS } };
}

/** Pylantir cut study and family ids after their last `-` (`cpip-id-1001` → `1001`). */
const lastSegment = (field: string): ValueSpec => ({ field, regex: '([^-]*)$' });

const escapeTemplate = (text: string) => text.replace(/\{/g, '{{').replace(/\}/g, '}}');

const asText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : undefined;

export function redcapLegacyMapping(
  legacy: RedcapLegacyInput,
  options: RedcapLegacyOptions = {},
): RedcapLegacyResult {
  const warnings: string[] = [];
  const mapped: Record<string, ValueSpec> = {};
  const schedule: Record<string, string> = {};
  for (const [field, column] of Object.entries(legacy.redcap2wl)) {
    if (typeof column !== 'string') {
      warnings.push(`redcap2wl.${field}: ignored (the worklist column must be a string)`);
      continue;
    }
    const convert = COLUMNS[column];
    if (convert) {
      const [target, spec] = convert(field);
      if (mapped[target]) warnings.push(`redcap2wl.${field}: ignored (${column} is already mapped)`);
      else mapped[target] = spec;
    } else if (SCHEDULE_COLUMNS.has(column)) schedule[column] = field;
    else if (IGNORED_COLUMNS[column])
      warnings.push(`redcap2wl.${field}: ignored (${IGNORED_COLUMNS[column]})`);
    else if (column !== field)
      warnings.push(`redcap2wl.${field}: ignored ("${column}" is not a worklist column)`);
  }
  if (legacy.mri_visit_session_mapping !== undefined) {
    warnings.push('mri_visit_session_mapping: ignored (Pylantir never used it)');
  }

  const site = asText(legacy.site) ?? asText(legacy.site_id);
  const protocol = legacyProtocol(legacy.protocol, site, warnings);
  const siteSuffix = site === undefined ? '' : `_site_${escapeTemplate(site)}`;
  const study = lastSegment('study_id');
  const family = lastSegment('family_id');

  const field_mapping: Record<string, ValueSpec> = {
    patientName: mapped.patientName ?? {
      template: 'cpip-id-{study}^fa-{family}',
      parts: { study, family },
    },
    patientId: mapped.patientId ?? {
      template: `sub_{study}_ses_{session}_fam_{family}${siteSuffix}`,
      parts: { study, session: { field: 'mri_instance' }, family },
    },
    patientBirthDate: mapped.patientBirthDate ?? { field: 'youth_dob_y' },
    patientSex: mapped.patientSex ?? sexSpec('demo_sex'),
    modality: mapped.modality ?? { constant: 'MR' },
    scheduledStationAeTitle: mapped.scheduledStationAeTitle ?? {
      constant: stationAe(legacy, options, warnings),
    },
  };
  for (const [target, spec] of Object.entries(mapped)) field_mapping[target] ??= spec;
  if (protocol) {
    field_mapping.spsDescription ??= { constant: protocol.name.slice(0, 64) };
    field_mapping['protocolCode.value'] = { constant: protocol.name.slice(0, 16) };
    field_mapping['protocolCode.scheme'] = { constant: protocol.scheme.slice(0, 16) };
    field_mapping['protocolCode.meaning'] = { constant: protocol.name.slice(0, 64) };
  }
  if (!('patientBirthDate' in mapped)) {
    warnings.push(
      'patientBirthDate: read from youth_dob_y; a year-only value is left out (it is not a DICOM date)',
    );
  }

  const config: Record<string, unknown> = {
    selection: {
      instrument: 'mri',
      date_field: schedule.scheduled_start_date ?? 'mri_date',
      time_field: schedule.scheduled_start_time ?? 'mri_time',
      require_non_empty: ['mri_instance'],
    },
  };
  return { config, field_mapping: sortTargets(field_mapping), warnings };
}

function legacyProtocol(
  protocol: unknown,
  site: string | undefined,
  warnings: string[],
): { name: string; scheme: string } | undefined {
  if (typeof protocol === 'string' && protocol.trim() !== '')
    return { name: protocol.trim(), scheme: 'LOCAL' };
  if (!protocol || typeof protocol !== 'object') return undefined;
  const table = protocol as Record<string, unknown>;
  const scheme = asText(table.mapping) ?? 'LOCAL';
  const name = site === undefined ? undefined : asText(table[site]);
  if (name === undefined) {
    warnings.push(
      `protocol: no protocol for site ${site === undefined ? '(no site set)' : `"${site}"`}; none sent`,
    );
    return undefined;
  }
  return { name, scheme };
}

function stationAe(legacy: RedcapLegacyInput, options: RedcapLegacyOptions, warnings: string[]): string {
  if (options.stationAeTitle) return options.stationAeTitle;
  const first = Array.isArray(legacy.allowed_aet) ? asText(legacy.allowed_aet[0]) : undefined;
  const ae = first ?? 'ANY';
  warnings.push(
    `scheduledStationAeTitle: "${ae}" (Pylantir sent none; ` +
      `${first ? 'the first allowed_aet' : 'no allowed_aet given'}); map scheduledStationAeTitle to change it`,
  );
  return ae;
}

const TARGET_ORDER = Object.keys(TARGETS);

function sortTargets(mapping: Record<string, ValueSpec>): Record<string, ValueSpec> {
  const rank = (target: string) => {
    const index = TARGET_ORDER.indexOf(target);
    return index < 0 ? TARGET_ORDER.length : index;
  };
  return Object.fromEntries(
    Object.entries(mapping).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)),
  );
}

/** Config keys of ours that a Pylantir-form source may already carry; kept as they are. */
const PASSTHROUGH_KEYS = [
  'api_url',
  'api_url_env',
  'api_token_env',
  'timezone',
  'server_timezone',
  'record_id_field',
  'batch_size',
  'request',
  'allow_insecure_http',
] as const;

/**
 * Whether a `type: "redcap"` source's `{config, field_mapping}` is Pylantir's form: it has no
 * `selection`, every mapping value is a string, and either the config names Pylantir's `site` /
 * `site_id` / `protocol`, or not every mapping key is one of our worklist fields.
 */
export function isRedcapLegacyForm(input: { config?: unknown; field_mapping?: unknown }): boolean {
  const config = (input.config && typeof input.config === 'object' ? input.config : {}) as Record<
    string,
    unknown
  >;
  if ('selection' in config) return false;
  const mapping = input.field_mapping ?? {};
  if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) return false;
  const entries = Object.entries(mapping as Record<string, unknown>);
  if (!entries.every(([, value]) => typeof value === 'string')) return false;
  if ('site' in config || 'site_id' in config || 'protocol' in config) return true;
  return entries.length === 0 || !entries.every(([key]) => Object.hasOwn(TARGETS, key));
}

/** A Pylantir-form source entry (`config.site_id`/`site`, `protocol`; `field_mapping` = redcap2wl). */
export function convertRedcapLegacySource(input: {
  config?: unknown;
  field_mapping?: unknown;
}): RedcapLegacyResult {
  const config = (input.config && typeof input.config === 'object' ? input.config : {}) as Record<
    string,
    unknown
  >;
  const result = redcapLegacyMapping({
    redcap2wl: (input.field_mapping ?? {}) as Record<string, unknown>,
    site: config.site,
    site_id: config.site_id,
    protocol: config.protocol,
    mri_visit_session_mapping: config.mri_visit_session_mapping,
    allowed_aet: config.allowed_aet,
  });
  const read = new Set<string>(['site', 'site_id', 'protocol', 'mri_visit_session_mapping', 'allowed_aet']);
  for (const key of PASSTHROUGH_KEYS) {
    read.add(key);
    if (config[key] !== undefined) result.config[key] = config[key];
  }
  for (const key of Object.keys(config)) {
    if (!read.has(key) && !key.startsWith('_'))
      result.warnings.push(`config.${key}: ignored (unknown setting)`);
  }
  return result;
}
