import { describe, expect, it } from 'vitest';
import { redcapSourceConfigSchema } from './config.ts';

const field_mapping = {
  patientName: { template: '{last_name}^{first_name}' },
  patientId: 'record_id',
  modality: { constant: 'MR' },
  scheduledStationAeTitle: { constant: 'MRI_3T' },
};
const { patientId: _patientId, ...withoutPatientId } = field_mapping;
const config = { selection: { date_field: 'scan_date', time_field: 'scan_time' } };

function problems(input: unknown): string[] {
  const result = redcapSourceConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('redcapSourceConfigSchema', () => {
  it('fills the defaults', () => {
    expect(redcapSourceConfigSchema.parse({ config, field_mapping }).config).toEqual({
      api_url_env: 'REDCAP_API_URL',
      api_token_env: 'REDCAP_API_TOKEN',
      raw_or_label: 'raw',
      batch_size: 500,
      selection: {
        date_field: 'scan_date',
        time_field: 'scan_time',
        require_non_empty: [],
        when_date_missing: 'reject',
        full_filter_logic: false,
      },
      request: {
        timeout_ms: 120_000,
        retries: 3,
        backoff_ms: 500,
        max_backoff_ms: 10_000,
        max_body_bytes: 32 * 1024 * 1024,
        max_row_chars: 1024 * 1024,
        max_rows: 2_000_000,
      },
      allow_insecure_http: false,
    });
  });

  it('accepts an http:// URL only when allowed explicitly', () => {
    const insecure = { ...config, api_url: 'http://redcap.example.org/api/' };
    expect(problems({ config: { ...insecure, allow_insecure_http: true }, field_mapping })).toEqual([]);
    expect(
      problems({ config: { ...config, api_url: 'https://redcap.example.org/api/' }, field_mapping }),
    ).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    [
      'a token in the config file',
      { config: { ...config, token: 'ABC' }, field_mapping },
      'config.token: the API token must not be in the config file',
    ],
    ['no date field', { config: { selection: {} }, field_mapping }, 'config.selection.date_field:'],
    [
      'a bad timezone',
      { config: { ...config, timezone: 'Mars/Olympus' }, field_mapping },
      'config.timezone: not a valid IANA timezone',
    ],
    [
      'a bad URL',
      { config: { ...config, api_url: 'redcap.example.org' }, field_mapping },
      'config.api_url: must be an http(s) URL',
    ],
    [
      'an http:// URL (the token in clear text)',
      { config: { ...config, api_url: 'http://redcap.example.org/api/' }, field_mapping },
      'config.api_url: is http://: the API token would cross the network in clear text; use https://, or set "allow_insecure_http": true',
    ],
    [
      'an unknown setting',
      { config: { ...config, colour: 'blue' }, field_mapping },
      'config: Unrecognized key: "colour"',
    ],
    [
      'a bad default time',
      { config: { selection: { ...config.selection, default_time: '8am' } }, field_mapping },
      'config.selection.default_time: must be HH:mm',
    ],
    [
      'a mapping without a patient id',
      { config, field_mapping: withoutPatientId },
      'field_mapping: must map patientId',
    ],
  ])('reports %s', (_name, input, expected) => {
    expect(problems(input).join('\n')).toContain(expected);
  });
});
