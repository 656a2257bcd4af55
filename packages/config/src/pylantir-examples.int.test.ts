import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';

/**
 * Pylantir 0.3.6's own example configs keep loading. Each fixture in fixtures/pylantir-0.3.6/ has
 * the SHAPE of one upstream file of github.com/miltoncamacho/pylantir (same keys, nesting and kinds
 * of values) with invented values: no upstream host names, ids or secrets are copied.
 *
 *   fixture                                  upstream file it mirrors
 *   mwl_config_multi_source_example.json     config/mwl_config_multi_source_example.json
 *   mwl_config.json                          src/pylantir/config/mwl_config.json
 *   config_example_with_cors.json            config_example_with_cors.json
 *   calpendo_config_example.json             src/pylantir/config/calpendo_config_example.json
 */
const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/pylantir-0.3.6/${name}`, import.meta.url));

async function loaded(name: string) {
  const result = await loadConfig(fixture(name), 'America/Edmonton');
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems)}`);
  return result;
}

describe("Pylantir 0.3.6's example configs", () => {
  it('loads the multi-source example with both REDCap sources, the disabled one kept disabled', async () => {
    const { config } = await loaded('mwl_config_multi_source_example.json');
    expect(config.data_sources.map((s) => [s.name, s.type, s.enabled, s.sync_interval])).toEqual([
      ['first_redcap', 'redcap', true, 90],
      ['second_redcap', 'redcap', false, 240],
    ]);
    expect(config.data_sources[0]?.operation_interval).toEqual({ start_time: [7, 30], end_time: [19, 0] });
    expect(config.gateway.allowed_aet.map((ae) => ae.ae_title)).toEqual(['SCANNER_A', 'SCANNER_B']);
  });

  it('loads the packaged mwl_config.json (legacy form, empty data_sources) as one REDCap source', async () => {
    const { config, warnings } = await loaded('mwl_config.json');
    expect(config.data_sources.map((s) => [s.name, s.type, s.sync_interval])).toEqual([
      ['redcap', 'redcap', 45],
    ]);
    expect(config.data_sources[0]?.operation_interval).toEqual({ start_time: [1, 0], end_time: [22, 30] });
    expect(warnings.find((w) => w.path === '')?.message).toMatch(/data_sources was empty/);
  });

  it('loads the CORS example, reads api.host and api.port, and ignores the secret key with a warning', async () => {
    const { config, warnings } = await loaded('config_example_with_cors.json');
    expect(config.api).toMatchObject({ host: '127.0.0.1', port: 8100 });
    expect(config.data_sources.map((s) => s.name)).toEqual(['redcap']);
    expect(warnings.map((w) => w.path)).toEqual(
      expect.arrayContaining(['users_db_path', 'api.secret_key', 'api.cors_allowed_origins']),
    );
  });

  it('loads the Calpendo example, naming its unnamed source after its type with a warning', async () => {
    const { config, warnings } = await loaded('calpendo_config_example.json');
    expect(config.data_sources.map((s) => [s.name, s.type])).toEqual([['calpendo', 'calpendo']]);
    expect(warnings).toContainEqual({
      path: 'data_sources[0]',
      message: 'has no name: named "calpendo" (Pylantir calls it "unknown"); give it a "name" of its own',
    });
  });
});
