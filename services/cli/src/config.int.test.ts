import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { captureIo } from './test-io.ts';
import { refreshDemoWorklist } from './demo/demo-files.ts';
import { localDay } from './demo/demo-worklist.ts';
import { DEMO_CONFIG, FIXTURES, REPO_ROOT } from './test-support.ts';

/** Acceptance 2 (Pylantir's configs as they are) and 3 (a broken config, every problem, exit 2). */

/** What a Pylantir site has in its environment (.env): REDCap's URL and token, Calpendo's login. */
const PYLANTIR_ENV = {
  REDCAP_API_URL: 'https://redcap.example.org/api/',
  REDCAP_API_TOKEN: '0123456789ABCDEF0123456789ABCDEF',
  CALPENDO_USERNAME: 'mwl',
  CALPENDO_PASSWORD: 'not-a-real-password',
};

const PYLANTIR_CONFIGS = [
  'pylantir-legacy-full.json',
  'pylantir-legacy-quickstart.json',
  'pylantir-data-sources.json',
  'pylantir-calpendo.json',
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-cli-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("check-config on Pylantir's sample configs", () => {
  it.each(PYLANTIR_CONFIGS)('accepts %s as it is, with warnings', async (name) => {
    const io = captureIo({ env: PYLANTIR_ENV, cwd: FIXTURES });
    expect(await runCli(['check-config', '--pylantir_config', name], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^${name}: \\d+ warnings?\\n`));
    expect(io.out()).toContain('OK: gateway MWL_BRIDGE on 0.0.0.0:4242');
  });

  it('names the credentials a source needs when they are not set', async () => {
    const io = captureIo({ cwd: FIXTURES });
    expect(await runCli(['check-config', '--config', 'pylantir-legacy-full.json'], io)).toBe(2);
    expect(io.out()).toContain('data_sources[0].config.api_url: is not set, nor is REDCAP_API_URL');
    const calpendo = captureIo({ cwd: FIXTURES });
    expect(await runCli(['check-config', '--config', 'pylantir-calpendo.json'], calpendo)).toBe(2);
    expect(calpendo.out()).toContain('environment: 2 problems');
    expect(calpendo.out()).toContain('  - CALPENDO_USERNAME: is not set (needed by source "calpendo_3t")');
  });

  it('accepts the demo config without a warning (after npm start wrote its current worklist)', async () => {
    await refreshDemoWorklist(localDay(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone));
    const io = captureIo({ cwd: REPO_ROOT });
    expect(await runCli(['check-config', '--config', DEMO_CONFIG], io)).toBe(0);
    expect(io.out()).toMatch(
      /^OK: gateway MWL_BRIDGE on 0\.0\.0\.0:4242, timezone America\/Edmonton, sources: demo \(file\)\n$/,
    );
  });

  it("names the runtime's time zone database next to the timezone", async () => {
    const io = captureIo({ cwd: REPO_ROOT, tzdataVersion: '2026e' });
    expect(await runCli(['check-config', '--config', DEMO_CONFIG], io)).toBe(0);
    expect(io.out()).toContain('timezone America/Edmonton (tzdata 2026e), sources: demo (file)');
  });
});

/** Shapes of Pylantir 0.3.6's four example files; which upstream file each mirrors: packages/config/src/pylantir-examples.int.test.ts. */
const PYLANTIR_EXAMPLES = join(FIXTURES, 'pylantir-0.3.6');

describe("check-config on Pylantir 0.3.6's example configs", () => {
  it.each([
    'mwl_config_multi_source_example.json',
    'mwl_config.json',
    'config_example_with_cors.json',
    'calpendo_config_example.json',
  ])('accepts %s, with warnings', async (name) => {
    const io = captureIo({ env: PYLANTIR_ENV, cwd: PYLANTIR_EXAMPLES });
    expect(await runCli(['check-config', '--config', name], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^${name}: \\d+ warnings\\n`));
    expect(io.out()).toMatch(/\nOK: gateway MWL_BRIDGE on 0\.0\.0\.0:4242/);
  });

  it('says which name it gave the Calpendo source that has none', async () => {
    const io = captureIo({ env: PYLANTIR_ENV, cwd: PYLANTIR_EXAMPLES });
    expect(await runCli(['check-config', '--config', 'calpendo_config_example.json'], io)).toBe(0);
    expect(io.out()).toContain(
      '  - data_sources[0]: has no name: named "calpendo" (Pylantir calls it "unknown"); give it a "name" of its own',
    );
    expect(io.out()).toContain('sources: calpendo (calpendo)');
  });
});

describe('the examples', () => {
  it.each(['redcap.json', 'calpendo.json', 'redcap-and-calpendo.json', 'demo/mwl.json'])(
    'check-config accepts examples/%s without a warning',
    async (name) => {
      const io = captureIo({ env: PYLANTIR_ENV, cwd: REPO_ROOT });
      expect(await runCli(['check-config', '--config', join('examples', name)], io)).toBe(0);
      expect(io.out()).toMatch(/^OK: gateway MWL_BRIDGE on 0\.0\.0\.0:4242/);
      expect(io.out()).not.toContain('warning');
    },
  );

  it('check-config accepts examples/pylantir-legacy.json, a Pylantir config, with warnings', async () => {
    const io = captureIo({ env: PYLANTIR_ENV, cwd: REPO_ROOT });
    expect(await runCli(['check-config', '--config', 'examples/pylantir-legacy.json'], io)).toBe(0);
    expect(io.out()).toContain('legacy Pylantir form converted');
  });

  it('convert-config writes examples/pylantir-legacy.json in a form check-config accepts without warnings', async () => {
    const out = join(dir, 'pylantir-legacy-converted.json');
    const convert = captureIo({ cwd: REPO_ROOT });
    expect(
      await runCli(['convert-config', '--config', 'examples/pylantir-legacy.json', '-o', out], convert),
    ).toBe(0);
    const check = captureIo({ env: PYLANTIR_ENV, cwd: dir });
    expect(await runCli(['check-config', '--config', out], check)).toBe(0);
    expect(check.out()).not.toContain('warning');
  });
});

describe('convert-config', () => {
  it.each(PYLANTIR_CONFIGS)(
    'writes %s in the new form, which check-config accepts without warnings',
    async (name) => {
      const out = join(dir, `converted-${name}`);
      const convert = captureIo({ cwd: FIXTURES });
      expect(await runCli(['convert-config', '--config', name, '--out', out], convert)).toBe(0);
      expect(convert.err()).toContain(`${name} (converted):`);
      const check = captureIo({ env: PYLANTIR_ENV, cwd: dir });
      expect(await runCli(['check-config', '--config', out], check)).toBe(0);
      expect(check.out()).toMatch(/^(SECURITY WARNING: 1 warning\n.*\n)?OK: /);
      // The conversion keeps Pylantir's "any calling AE" openly: the security warning stays until
      // the site lists its modalities (or says allow_any), nothing else is left to warn about.
      expect(check.out()).not.toMatch(/\.json: \d+ warnings?/);
    },
  );

  it('keeps what Pylantir configured: sources, intervals, windows, allowed calling AE titles', async () => {
    const io = captureIo({ cwd: FIXTURES });
    expect(await runCli(['convert-config', '--config', 'pylantir-legacy-full.json'], io)).toBe(0);
    const converted = JSON.parse(io.out()) as Record<string, unknown>;
    expect(converted).toMatchObject({
      timezone: 'America/Edmonton',
      gateway: { allowed_aet: ['MRI_SCANNER', 'MRI_SCANNER_2'] },
      data_sources: [
        {
          name: 'redcap',
          type: 'redcap',
          sync_interval: 60,
          operation_interval: { start_time: [0, 0], end_time: [23, 59] },
          field_mapping: { patientWeightKg: { field: 'mri_wt_lbs', unit: 'lb' } },
        },
      ],
    });
    expect(converted).not.toHaveProperty('db_path');
    expect(converted).not.toHaveProperty('redcap2wl');
  });

  it('returns a file already in the new form as it is', async () => {
    const io = captureIo({ cwd: REPO_ROOT });
    expect(await runCli(['convert-config', '--config', DEMO_CONFIG], io)).toBe(0);
    const original = JSON.parse(await readFile(DEMO_CONFIG, 'utf8')) as Record<string, unknown>;
    expect(JSON.parse(io.out())).toEqual({ timezone: 'America/Edmonton', ...original });
  });
});

describe('check-config on a broken config', () => {
  const BROKEN = {
    timezone: 'Mars/Olympus_Mons',
    gateway: { port: 70000, ae_title: 'AN_AE_TITLE_TOO_LONG', max_result: 10 },
    writer: { cancel_threshold: 2 },
    data_sources: [
      {
        name: 'Demo File',
        type: 'file',
        sync_interval: 0,
        config: { path: 'worklist.csv', key_field: 'id' },
        field_mapping: { patientId: 'id', modality: { constant: 'MR' }, scheduledStationAeTitle: 'scanner' },
      },
      {
        name: 'redcap',
        type: 'redcap',
        horizon_days: 0,
        config: { selection: { date_field: 'mri_date' } },
        field_mapping: {
          patientName: { template: '{family' },
          patientId: 'record_id',
          modality: { constant: 'MR' },
          scheduledStationAeTitle: 'station',
          patientColour: 'colour',
        },
      },
      { name: 'fhir', type: 'no-such-source-plugin' },
    ],
  };

  it('lists every problem with its path and exits 2', async () => {
    await writeFile(join(dir, 'broken.json'), JSON.stringify(BROKEN));
    const io = captureIo({ cwd: dir, env: { REDIS_URL: 'http://localhost:6379', HEALTH_PORT: 'nine' } });
    expect(await runCli(['check-config', '--config', 'broken.json'], io)).toBe(2);
    const listed = [...io.out().matchAll(/^ {2}- ([^:]+):/gm)].map((m) => m[1]);
    expect(listed).toEqual([
      'timezone',
      'gateway.ae_title',
      'gateway.port',
      'gateway.max_result',
      'writer.cancel_threshold',
      'data_sources[0].name',
      'data_sources[0].sync_interval',
      'data_sources[0].config.date_field',
      'data_sources[0].field_mapping',
      'data_sources[1].horizon_days',
      'data_sources[1].field_mapping.patientName.template',
      'data_sources[1].field_mapping.patientColour',
      'data_sources[2].type',
      'HEALTH_PORT',
      'REDIS_URL',
    ]);
    expect(io.out()).toContain('broken.json: 13 problems');
    expect(io.out()).toContain('environment: 2 problems');
    expect(io.out()).toContain('gateway.max_result: unknown key (did you mean "max_results"?)');
  });

  it('reports a file that is not JSON with its line, and a missing file, with exit 2', async () => {
    await writeFile(join(dir, 'not-json.json'), '{\n  "gateway": { "port": 4242, }\n}\n');
    const io = captureIo({ cwd: dir });
    expect(await runCli(['check-config', '--config', 'not-json.json', '--no-env'], io)).toBe(2);
    expect(io.out()).toMatch(/not-json\.json: 1 problem\n {2}- /);
    const missing = captureIo({ cwd: dir });
    expect(await runCli(['check-config', '--config', 'nowhere.json'], missing)).toBe(2);
    expect(missing.out()).toContain('file not found');
  });
});

describe('check-config on who may query the gateway (secure by default)', () => {
  const configFile = async (name: string, gateway: Record<string, unknown>) => {
    const path = join(dir, name);
    await writeFile(path, JSON.stringify({ timezone: 'America/Edmonton', gateway }));
    return path;
  };
  const noDns = (hosts: Record<string, string[]>) => (hostname: string) =>
    hosts[hostname]
      ? Promise.resolve(hosts[hostname])
      : Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));

  it('warns loudly when any calling AE title is accepted from any address', async () => {
    const io = captureIo({ resolveHost: noDns({}) });
    expect(await runCli(['check-config', '--config', await configFile('open.json', {})], io)).toBe(0);
    expect(io.out()).toContain('SECURITY WARNING');
    expect(io.out()).toContain(
      'gateway.allowed_aet: is empty: ANY calling AE title is accepted from ANY address',
    );
  });

  it('says nothing of it when the config sets allow_any: true', async () => {
    const io = captureIo({ resolveHost: noDns({}) });
    const file = await configFile('open-on-purpose.json', { allow_any: true });
    expect(await runCli(['check-config', '--config', file], io)).toBe(0);
    expect(io.out()).not.toContain('SECURITY');
    expect(io.out()).not.toContain('ANY calling AE title');
  });

  it('refuses a hostname in allowed_aet addresses that does not resolve, naming it', async () => {
    const io = captureIo({ resolveHost: noDns({ 'mri.hospital.example': ['10.0.0.21'] }) });
    const file = await configFile('hostnames.json', {
      allowed_aet: [
        { ae_title: 'MRI_3T', addresses: ['mri.hospital.example'] },
        { ae_title: 'CT_1', addresses: ['ct-gone.hospital.example'] },
      ],
    });
    expect(await runCli(['check-config', '--config', file], io)).toBe(2);
    expect(io.out()).toContain(
      'gateway.allowed_aet[1].addresses[0]: hostname "ct-gone.hospital.example" does not resolve to an address',
    );
    expect(io.out()).not.toContain('allowed_aet[0]');
  });

  it('accepts hostnames that resolve', async () => {
    const io = captureIo({ resolveHost: noDns({ 'mri.hospital.example': ['10.0.0.21'] }) });
    const file = await configFile('hostname-ok.json', {
      allowed_aet: [{ ae_title: 'MRI_3T', addresses: ['mri.hospital.example'] }],
    });
    expect(await runCli(['check-config', '--config', file], io)).toBe(0);
  });
});
