import { describe, expect, it } from 'vitest';
import legacyFull from './fixtures/pylantir-legacy-full.json' with { type: 'json' };
import legacyQuickstart from './fixtures/pylantir-legacy-quickstart.json' with { type: 'json' };
import pylantirSources from './fixtures/pylantir-data-sources.json' with { type: 'json' };
import pylantirCalpendo from './fixtures/pylantir-calpendo.json' with { type: 'json' };
import newForm from './fixtures/mwl-bridge.json' with { type: 'json' };
import { convertLegacyConfig } from './convert-legacy.ts';
import { parseConfig } from './parse-config.ts';
import { formatProblems } from './problems.ts';

const options = { defaults: { timezone: 'America/Edmonton' } };

function parseOk(input: unknown) {
  const result = parseConfig(input, options);
  if (!result.ok) throw new Error(formatProblems(result.problems));
  return result;
}

function problemsOf(input: unknown) {
  const result = parseConfig(input, options);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parseConfig with Pylantir files', () => {
  it('parses the legacy quickstart sample into one REDCap source, with a conversion warning', () => {
    const { config, warnings } = parseOk(legacyQuickstart);
    expect(config.data_sources).toEqual([
      {
        name: 'redcap',
        type: 'redcap',
        enabled: true,
        sync_interval: 60,
        config: { site: '792', protocol: { '792': 'BRAIN_MRI_3T' } },
        field_mapping: { study_id: 'study_id', mri_instance: 'session_id' },
      },
    ]);
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/legacy Pylantir form converted/);
  });

  it('parses the full legacy sample and warns about each key it ignores or moves', () => {
    const { config, warnings } = parseOk(legacyFull);
    expect(config.gateway.allowed_aet).toEqual([
      { ae_title: 'MRI_SCANNER', addresses: [] },
      { ae_title: 'MRI_SCANNER_2', addresses: [] },
    ]);
    expect(config.data_sources[0]?.operation_interval).toEqual({ start_time: [0, 0], end_time: [23, 59] });
    expect(config.data_sources[0]?.config).toHaveProperty('mri_visit_session_mapping');
    expect(warnings.map((w) => w.path)).toEqual(
      expect.arrayContaining([
        '',
        'allowed_aet',
        'db_path',
        'db_echo',
        'api.cors_allowed_origins',
        'api.cors_allow_credentials',
      ]),
    );
    expect(warnings.find((w) => w.path === '')?.message).toMatch(/data_sources was empty/);
  });

  it('parses the data_sources sample and moves the top-level allowed_aet into the gateway', () => {
    const { config, warnings } = parseOk(pylantirSources);
    expect(config.data_sources.map((s) => s.name)).toEqual(['main_redcap']);
    expect(config.gateway.allowed_aet).toEqual([{ ae_title: 'MRI_SCANNER', addresses: [] }]);
    expect(warnings.map((w) => w.path).sort()).toEqual(['allowed_aet', 'db_echo', 'db_path']);
  });

  it('parses the Calpendo sample and keeps its config and field_mapping untouched', () => {
    const { config } = parseOk(pylantirCalpendo);
    const source = pylantirCalpendo.data_sources[0]!;
    expect(config.data_sources[0]?.config).toEqual(source.config);
    expect(config.data_sources[0]?.field_mapping).toEqual(source.field_mapping);
    expect(config.data_sources[0]?.operation_interval).toEqual({ start_time: [6, 0], end_time: [20, 0] });
  });

  it.each([
    ['legacy quickstart', legacyQuickstart],
    ['legacy full', legacyFull],
    ['data_sources', pylantirSources],
    ['calpendo', pylantirCalpendo],
  ])('parses the converted %s sample without any warning', (_name, sample) => {
    const converted = convertLegacyConfig(sample);
    expect(converted.problems).toEqual([]);
    expect(parseOk(converted.config).warnings).toEqual([]);
  });
});

describe('parseConfig with the new form', () => {
  it('applies every default to an empty file', () => {
    const { config } = parseOk({});
    expect(config).toEqual({
      timezone: 'America/Edmonton',
      gateway: {
        ae_title: 'MWL_BRIDGE',
        port: 4242,
        host: '0.0.0.0',
        allowed_aet: [],
        allow_any: false,
        called_ae_titles: [],
        max_associations: 10,
        max_results: 1000,
        charset_per_ae: {},
        hide_statuses: ['CANCELED', 'COMPLETED', 'DISCONTINUED'],
        pn_case_insensitive: true,
      },
      api: {
        enabled: true,
        port: 8080,
        host: '127.0.0.1',
        secure_cookies: false,
        trust_proxy: false,
        session_hours: 8,
      },
      writer: { cancel_threshold: 0.5, cancel_minimum: 5, cancel_max: 200 },
      data_sources: [],
    });
  });

  it('parses the documented sample with no warning', () => {
    const { config, warnings } = parseOk(newForm);
    expect(warnings).toEqual([]);
    expect(config.gateway.allowed_aet[1]).toEqual({ ae_title: 'MR_CONSOLE', addresses: ['10.0.0.12'] });
    expect(config.gateway.charset_per_ae).toEqual({ MR_CONSOLE: 'ISO_IR 100' });
  });

  it("takes the file's timezone over the host's", () => {
    expect(parseOk({ timezone: 'Europe/Paris' }).config.timezone).toBe('Europe/Paris');
  });

  it('reports an unknown host timezone when the file sets none', () => {
    const result = parseConfig({}, { defaults: { timezone: 'Mars/Olympus' } });
    expect(result).toMatchObject({
      ok: false,
      problems: [{ path: 'timezone', message: expect.stringMatching(/host/) }],
    });
  });

  it('ignores comment keys wherever the schema owns the object', () => {
    const { warnings } = parseOk({
      _comment: 'top',
      gateway: { _note: 'x' },
      data_sources: [{ _why: 'y', name: 'a', type: 'redcap', operation_interval: { _c: 1 } }],
    });
    expect(warnings).toEqual([]);
  });
});

describe('parseConfig problems', () => {
  it('lists every problem of a broken file at once, each with its path', () => {
    const problems = problemsOf({
      timezone: 'Not/AZone',
      gateway: { ae_title: 'THIS_AE_TITLE_IS_TOO_LONG', port: 70000, charset_per_ae: { MR: 'ISO_IR 6' } },
      writer: { cancel_threshold: 1.5 },
      data_sources: [
        { name: 'Main REDCap', type: 'redcap', sync_interval: 0 },
        { name: 'cal', type: 'calpendo', operation_interval: { start_time: [24, 0], end_time: [6, 60] } },
        { name: 'cal', type: 'calpendo', sync_intervall: 60 },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        'timezone',
        'gateway.ae_title',
        'gateway.port',
        'gateway.charset_per_ae.MR',
        'writer.cancel_threshold',
        'data_sources[0].name',
        'data_sources[0].sync_interval',
        'data_sources[1].operation_interval.start_time[0]',
        'data_sources[1].operation_interval.end_time[1]',
        'data_sources[2].sync_intervall',
        'data_sources[2].name',
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(11);
  });

  it('reports duplicate source names, pointing at both', () => {
    const problems = problemsOf({
      data_sources: [
        { name: 'a', type: 'redcap' },
        { name: 'a', type: 'calpendo' },
      ],
    });
    expect(problems).toEqual([
      { path: 'data_sources[1].name', message: expect.stringContaining('data_sources[0].name') },
    ]);
  });

  it.each([
    [{ gatway: {} }, 'gatway', 'did you mean "gateway"?'],
    [
      { data_sources: [{ name: 'a', type: 'x', Enabled: true }] },
      'data_sources[0].Enabled',
      'did you mean "enabled"?',
    ],
    [{ ae_title: 'X' }, 'ae_title', 'did you mean "gateway.ae_title"?'],
    [{ gateway: { zzz: 1 } }, 'gateway.zzz', 'unknown key'],
  ])('reports the unknown key in %j with a suggestion when one is close', (input, path, message) => {
    expect(problemsOf(input)).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('reports a problem in converted legacy content where the user wrote it', () => {
    const problems = problemsOf({
      ...legacyQuickstart,
      db_update_interval: -5,
      operation_interval: { start_time: [25, 0] },
    });
    expect(problems.map((p) => p.path).sort()).toEqual([
      'db_update_interval',
      'operation_interval.start_time[0]',
    ]);
  });

  it('refuses allowed_aet set both at the top level and in the gateway', () => {
    expect(problemsOf({ allowed_aet: ['A'], gateway: { allowed_aet: ['B'] } })).toEqual([
      { path: 'allowed_aet', message: expect.stringMatching(/set twice/) },
    ]);
  });

  it.each([null, [], 'text', 42])('refuses %j as a config', (input) => {
    expect(problemsOf(input)).toEqual([{ path: '', message: 'the config must be a JSON object' }]);
  });

  it('takes gateway.hide_statuses as SPS statuses and refuses anything else', () => {
    expect(parseOk({ gateway: { hide_statuses: ['COMPLETED'] } }).config.gateway.hide_statuses).toEqual([
      'COMPLETED',
    ]);
    expect(parseOk({ gateway: { hide_statuses: [] } }).config.gateway.hide_statuses).toEqual([]);
    const problems = problemsOf({ gateway: { hide_statuses: ['DONE'] } });
    expect(problems.map((p) => p.path)).toEqual(['gateway.hide_statuses[0]']);
  });

  it('refuses the gateway and the api on the same port', () => {
    expect(problemsOf({ gateway: { port: 9000 }, api: { port: 9000 } })).toEqual([
      { path: 'api.port', message: expect.stringMatching(/same as gateway.port/) },
    ]);
  });
});

describe('a source’s fetch settings', () => {
  it('keeps stale_after_intervals for the fetcher (which checks its range)', () => {
    const { config } = parseOk({
      data_sources: [{ name: 'redcap', type: 'redcap', stale_after_intervals: 5 }],
    });
    expect(config.data_sources[0]).toMatchObject({ stale_after_intervals: 5 });
  });
});

describe('the api and its hooks', () => {
  const source = (extra: Record<string, unknown>) => ({ name: 'study', type: 'redcap', ...extra });

  it('reads a Data Entry Trigger setting of a source', () => {
    const { config } = parseOk({
      data_sources: [
        source({
          data_entry_trigger: {
            secret_env: 'STUDY_DET_SECRET',
            allowed_addresses: ['10.0.0.5'],
            project_id: 101,
          },
        }),
      ],
    });
    expect(config.data_sources[0]?.data_entry_trigger).toEqual({
      secret_env: 'STUDY_DET_SECRET',
      allowed_addresses: ['10.0.0.5'],
      project_id: 101,
    });
  });

  it('refuses a trigger secret written in the file and a sender that is no address', () => {
    expect(
      problemsOf({
        data_sources: [
          source({ data_entry_trigger: { secret_env: 'hunter2 secret', allowed_addresses: ['redcap'] } }),
        ],
      }).map((p) => p.path),
    ).toEqual([
      'data_sources[0].data_entry_trigger.secret_env',
      'data_sources[0].data_entry_trigger.allowed_addresses[0]',
    ]);
  });

  it('keeps the source name "manual" for the api', () => {
    expect(problemsOf({ data_sources: [{ name: 'manual', type: 'redcap' }] })).toEqual([
      { path: 'data_sources[0].name', message: expect.stringMatching(/reserved/) },
    ]);
  });
});

describe('a source without a name (Pylantir runs it as "unknown")', () => {
  it('is named after its type, made unique, with a warning', () => {
    const result = parseConfig(
      {
        data_sources: [
          { name: 'calpendo', type: 'calpendo', sync_interval: 60 },
          { type: 'calpendo', sync_interval: 60 },
        ],
      },
      { defaults: { timezone: 'UTC' } },
    );
    expect(result.ok && result.config.data_sources.map((s) => s.name)).toEqual(['calpendo', 'calpendo-2']);
    expect(result.warnings).toContainEqual({
      path: 'data_sources[1]',
      message: 'has no name: named "calpendo-2" (Pylantir calls it "unknown"); give it a "name" of its own',
    });
  });
});
