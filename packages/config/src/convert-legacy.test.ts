import { describe, expect, it } from 'vitest';
import legacyFull from './fixtures/pylantir-legacy-full.json' with { type: 'json' };
import newForm from './fixtures/mwl-bridge.json' with { type: 'json' };
import { convertLegacyConfig } from './convert-legacy.ts';
import { serializeConfig } from './serialize-config.ts';

describe('convertLegacyConfig', () => {
  it('maps every legacy REDCap key into data_sources[0]', () => {
    const { config } = convertLegacyConfig(legacyFull);
    expect(config.data_sources).toEqual([
      {
        name: 'redcap',
        type: 'redcap',
        sync_interval: legacyFull.db_update_interval,
        operation_interval: legacyFull.operation_interval,
        config: {
          site: legacyFull.site,
          protocol: legacyFull.protocol,
          mri_visit_session_mapping: legacyFull.mri_visit_session_mapping,
        },
        field_mapping: legacyFull.redcap2wl,
      },
    ]);
    expect(config.gateway).toEqual({ allowed_aet: legacyFull.allowed_aet });
  });

  it('drops the keys it ignores and keeps comments', () => {
    const { config } = convertLegacyConfig(legacyFull);
    expect(Object.keys(config).sort()).toEqual(['_comment_data_sources', 'data_sources', 'gateway']);
  });

  it('does not modify its input', () => {
    const input = structuredClone(legacyFull);
    convertLegacyConfig(input);
    expect(input).toEqual(legacyFull);
  });

  it('returns a new-form file unchanged and without warnings', () => {
    expect(convertLegacyConfig(newForm)).toEqual({
      config: newForm,
      warnings: [],
      problems: [],
      origins: {},
    });
  });

  it('ignores legacy keys, with a warning each, when data_sources is set', () => {
    const { config, warnings } = convertLegacyConfig({
      redcap2wl: { a: 'b' },
      site: '1',
      data_sources: [{ name: 'x', type: 'redcap' }],
    });
    expect(config).toEqual({ data_sources: [{ name: 'x', type: 'redcap' }] });
    expect(warnings.map((w) => w.path)).toEqual(['redcap2wl', 'site']);
  });

  it('moves Pylantir per-source window_mode and daily_window into the plugin config', () => {
    const { config, warnings } = convertLegacyConfig({
      data_sources: [
        { name: 'c', type: 'calpendo', window_mode: 'daily', daily_window: true, config: { base_url: 'u' } },
      ],
    });
    expect(config.data_sources).toEqual([
      { name: 'c', type: 'calpendo', config: { base_url: 'u', window_mode: 'daily', daily_window: true } },
    ]);
    expect(warnings.map((w) => w.path)).toEqual([
      'data_sources[0].window_mode',
      'data_sources[0].daily_window',
    ]);
  });
});

describe('serializeConfig', () => {
  it('writes keys in schema order with short arrays on one line', () => {
    const text = serializeConfig({
      data_sources: [
        {
          field_mapping: { b: 'x', a: 'y' },
          type: 'redcap',
          name: 'r',
          operation_interval: { end_time: [6, 0], start_time: [22, 0] },
        },
      ],
      gateway: { port: 104, ae_title: 'A' },
      timezone: 'UTC',
      _comment: 'hi',
    });
    expect(text).toBe(
      [
        '{',
        '  "_comment": "hi",',
        '  "timezone": "UTC",',
        '  "gateway": {',
        '    "ae_title": "A",',
        '    "port": 104',
        '  },',
        '  "data_sources": [',
        '    {',
        '      "name": "r",',
        '      "type": "redcap",',
        '      "operation_interval": {',
        '        "start_time": [22, 0],',
        '        "end_time": [6, 0]',
        '      },',
        '      "field_mapping": {',
        '        "b": "x",',
        '        "a": "y"',
        '      }',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('round-trips: the written text parses back to the same object', () => {
    const { config } = convertLegacyConfig(legacyFull);
    expect(JSON.parse(serializeConfig(config))).toEqual(config);
  });

  it('is stable: serializing twice gives the same text', () => {
    const once = serializeConfig(convertLegacyConfig(legacyFull).config);
    expect(serializeConfig(JSON.parse(once) as Record<string, unknown>)).toBe(once);
  });
});
