import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calpendoSourceConfigSchema } from './config.ts';

/** The Pylantir-form Calpendo sample that @mwl/config's tests use, read as the file it is. */
const pylantirSample = JSON.parse(
  readFileSync(new URL('../../../config/src/fixtures/pylantir-calpendo.json', import.meta.url), 'utf8'),
) as { data_sources: { config: unknown; field_mapping: unknown }[] };

/** Pylantir's own example config (its code's form: keyed by worklist column, nested in config). */
const pylantirCodeForm = {
  config: {
    base_url: 'https://sfc-calgary.calpendo.com',
    resources: ['3T Diagnostic', 'EEG Lab'],
    status_filter: 'Approved',
    lookback_multiplier: 2,
    timezone: 'America/Edmonton',
    resource_modality_mapping: { '3T': 'MR', EEG: 'EEG', Mock: 'OT' },
    field_mapping: {
      patient_id: { source_field: 'title', _extract: { pattern: '^([A-Z0-9]+)_.*', group: 1 } },
      patient_name: { source_field: 'title', _extract: { pattern: '^[A-Z0-9]+_(.+)$', group: 1 } },
      study_description: {
        source_field: 'properties.project.formattedName',
        _extract: { pattern: '^([^(]+)', group: 1 },
      },
      accession_number: 'id',
      study_instance_uid: 'id',
    },
  },
};

const declarative = {
  config: { base_url: 'https://calpendo.example.org', resources: ['3T Diagnostic'] },
  field_mapping: {
    patientId: { field: 'title', regex: '^([A-Z0-9]+)' },
    patientName: { field: 'title', regex: ' - (.+)$' },
  },
};

function problems(input: unknown): string[] {
  const result = calpendoSourceConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('calpendoSourceConfigSchema', () => {
  it("accepts Pylantir's design-document form (the shared sample) as it is", () => {
    const { config, field_mapping } = pylantirSample.data_sources[0]!;
    const parsed = calpendoSourceConfigSchema.parse({ config, field_mapping });
    expect(parsed.form).toBe('pylantir');
    expect(parsed.field_mapping).toEqual({
      patientId: { field: 'title', regex: '^([A-Z0-9]+)', group: 1 },
      patientName: { field: 'title', regex: ' - (.+)$', group: 1 },
      studyDescription: { field: 'project.formattedName', regex: '^([^(]+)', group: 1 },
      modality: { field: 'resource.modality' },
      durationMinutes: { field: 'durationInMinutes' },
      scheduledStationAeTitle: { constant: 'ANY' },
    });
    expect(parsed.config).toMatchObject({
      base_url: 'https://sfc-calgary.calpendo.com',
      resources: ['3T Diagnostic'],
      status_filter: ['Approved'],
      lookback_multiplier: 2,
      timezone: 'America/Edmonton',
      username_env: 'CALPENDO_USERNAME',
      password_env: 'CALPENDO_PASSWORD',
      concurrency: 5,
    });
    expect(parsed.notes.join('\n')).toMatch(/scheduled_start_date.*formattedName/);
    expect(parsed.notes.join('\n')).toMatch(/performed_procedure_step_status.*status_map/);
  });

  it("accepts Pylantir's code form, keyed by worklist column inside config", () => {
    const parsed = calpendoSourceConfigSchema.parse(pylantirCodeForm);
    expect(parsed.form).toBe('pylantir');
    expect(parsed.field_mapping).toMatchObject({
      patientId: { field: 'title', regex: '^([A-Z0-9]+)_.*', group: 1 },
      patientName: { field: 'title', regex: '^[A-Z0-9]+_(.+)$', group: 1 },
      studyDescription: { field: 'properties.project.formattedName', regex: '^([^(]+)', group: 1 },
      accessionNumber: { field: 'id' },
    });
    expect(parsed.config.resource_modality_mapping).toEqual({ '3T': 'MR', EEG: 'EEG', Mock: 'OT' });
    expect(parsed.notes.join('\n')).toMatch(/study_instance_uid.*generated/);
  });

  it('converts Python named groups and keeps group 0 as the whole match', () => {
    const parsed = calpendoSourceConfigSchema.parse({
      config: {},
      field_mapping: {
        title: {
          _extract: {
            patient_id: { pattern: '^(?P<sid>[A-Z0-9]+)', group: 'sid' },
            patient_name: { pattern: '[a-z]+' },
          },
        },
      },
    });
    expect(parsed.field_mapping.patientId).toEqual({
      field: 'title',
      regex: '^(?<sid>[A-Z0-9]+)',
      group: 'sid',
    });
    expect(parsed.field_mapping.patientName).toEqual({ field: 'title', regex: '[a-z]+', group: 0 });
  });

  it('fills the defaults of the declarative form and ignores comment keys', () => {
    const parsed = calpendoSourceConfigSchema.parse({
      ...declarative,
      config: { ...declarative.config, _comment: 'the 3T only' },
      field_mapping: { ...declarative.field_mapping, _note: 'ids first' },
    });
    expect(parsed.form).toBe('declarative');
    expect(parsed.config).toEqual({
      base_url: 'https://calpendo.example.org',
      base_url_env: 'CALPENDO_API_URL',
      username_env: 'CALPENDO_USERNAME',
      password_env: 'CALPENDO_PASSWORD',
      resources: ['3T Diagnostic'],
      skip_pending: false,
      resource_modality_mapping: {},
      default_modality: 'MR',
      station_ae_title: 'ANY',
      lookback_multiplier: 2,
      horizon_hours: 24,
      concurrency: 5,
      fetch_operator: 'auto',
      batch_size: 500,
      request: {
        timeout_ms: 30_000,
        retries: 3,
        backoff_ms: 500,
        max_backoff_ms: 10_000,
        max_body_bytes: 32 * 1024 * 1024,
      },
      allow_insecure_http: false,
    });
    expect(Object.keys(parsed.field_mapping).sort()).toEqual(
      ['durationMinutes', 'modality', 'patientId', 'patientName', 'scheduledStationAeTitle'].sort(),
    );
  });

  it('accepts an http:// URL when allowed explicitly', () => {
    const config = { base_url: 'http://calpendo.example.org', allow_insecure_http: true };
    expect(calpendoSourceConfigSchema.safeParse({ ...declarative, config }).success).toBe(true);
  });

  it('lets the declarative form map modality itself', () => {
    const parsed = calpendoSourceConfigSchema.parse({
      ...declarative,
      field_mapping: { ...declarative.field_mapping, modality: { constant: 'mr' } },
    });
    expect(parsed.field_mapping.modality).toEqual({ constant: 'mr' });
  });

  it.each<[string, unknown, string]>([
    [
      'a password in the config file',
      { ...declarative, config: { password: 'x' } },
      'config.password: credentials must not be in the config file',
    ],
    [
      'an unknown setting',
      { ...declarative, config: { colour: 'blue' } },
      'config: Unrecognized key: "colour"',
    ],
    [
      'a bad timezone',
      { ...declarative, config: { timezone: 'Mars/Olympus' } },
      'config.timezone: not a valid IANA timezone',
    ],
    [
      'an http:// URL (credentials in clear text)',
      { ...declarative, config: { base_url: 'http://calpendo.example.org' } },
      'config.base_url: is http://: the Basic-auth credentials would cross the network in clear text; use https://, or set "allow_insecure_http": true',
    ],
    [
      'a bad URL',
      { ...declarative, config: { base_url: 'calpendo.example.org' } },
      'config.base_url: must be an http(s) URL',
    ],
    ['an empty resource list', { ...declarative, config: { resources: [] } }, 'config.resources:'],
    [
      'a bad modality',
      { ...declarative, config: { resource_modality_mapping: { '3T': 'MR-3T' } } },
      'config.resource_modality_mapping.3T: must be a DICOM modality code',
    ],
    ['a concurrency of 0', { ...declarative, config: { concurrency: 0 } }, 'config.concurrency:'],
    [
      'contradicting window settings',
      { ...declarative, config: { window_mode: 'rolling', daily_window: true } },
      'config.daily_window: contradicts',
    ],
    [
      'two field mappings',
      { config: { field_mapping: { accession_number: 'id' } }, field_mapping: declarative.field_mapping },
      'config.field_mapping: give field_mapping once',
    ],
    [
      'a status mapping',
      { ...declarative, field_mapping: { ...declarative.field_mapping, status: 'status' } },
      'field_mapping.status: the status comes from config.status_map',
    ],
    [
      'no patient id',
      { config: {}, field_mapping: { patientName: 'title' } },
      'field_mapping: must map patientId',
    ],
    [
      'a Pylantir mapping without a patient id',
      { config: {}, field_mapping: { title: 'patient_name' } },
      'field_mapping: must map patientId',
    ],
    [
      'an unknown Pylantir column',
      { config: {}, field_mapping: { title: { _extract: { subject: { pattern: 'x' } } } } },
      'field_mapping.title._extract.subject: "subject" is not a Pylantir worklist column',
    ],
    [
      'a Pylantir pattern that is not a JavaScript regex',
      {
        config: {},
        field_mapping: {
          patient_id: { source_field: 'title', _extract: { pattern: '([' } },
          patient_name: 'title',
        },
      },
      'field_mapping.patientId.regex: is not a valid regular expression',
    ],
    [
      'an extraction without a pattern',
      { config: {}, field_mapping: { title: { _extract: { patient_id: { group: 1 } } } } },
      'field_mapping.title._extract.patient_id: needs a "pattern"',
    ],
    [
      'a single pattern without its source field',
      { config: {}, field_mapping: { patient_id: { _extract: { pattern: 'x' } } } },
      'field_mapping.patient_id._extract: a single pattern needs "source_field"',
    ],
    [
      'a column mapped twice',
      { config: {}, field_mapping: { title: 'patient_id', name: 'patient_id', x: 'patient_name' } },
      'field_mapping.name: maps patient_id a second time',
    ],
    [
      'neither side a column',
      { config: {}, field_mapping: { title: 'subject', id: 'patient_id' } },
      'field_mapping.title: neither "title" nor "subject"',
    ],
  ])('reports %s', (_name, input, expected) => {
    expect(problems(input).join('\n')).toContain(expected);
  });
});
