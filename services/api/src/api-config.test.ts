import { parseConfig, type MwlBridgeConfig } from '@mwl/config';
import { describe, expect, it } from 'vitest';
import { apiOptionsOf, apiSourcesOf, resolveRedcapHooks } from './api-config.ts';
import { ApiConfigError } from './errors.ts';

function config(file: unknown): MwlBridgeConfig {
  const result = parseConfig(file, { defaults: { timezone: 'America/Edmonton' } });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

const SECRET = 'x'.repeat(40);
const withHook = config({
  api: { port: 9090 },
  data_sources: [
    { name: 'study', type: 'redcap', data_entry_trigger: { secret_env: 'DET', project_id: 101 } },
    { name: 'other', type: 'redcap', sync_interval: 300 },
  ],
});

describe('the api from the config file', () => {
  it('lists the sources and takes api.* as options (loopback by default)', () => {
    expect(apiSourcesOf(withHook)).toEqual([
      { name: 'study', type: 'redcap', enabled: true, syncIntervalSeconds: 60 },
      { name: 'other', type: 'redcap', enabled: true, syncIntervalSeconds: 300 },
    ]);
    expect(apiOptionsOf(withHook)).toMatchObject({
      host: '127.0.0.1',
      port: 9090,
      timezone: 'America/Edmonton',
    });
  });

  it('reads hook secrets from the variable or its _FILE', () => {
    expect(resolveRedcapHooks(withHook, { DET: SECRET }, () => '')).toEqual({
      study: { secret: SECRET, projectId: '101' },
    });
    expect(resolveRedcapHooks(withHook, { DET_FILE: '/run/secrets/det' }, () => `${SECRET}\n`)).toEqual({
      study: { secret: SECRET, projectId: '101' },
    });
  });

  it('refuses a missing or short secret, naming the variable only', () => {
    expect(() => resolveRedcapHooks(withHook, {}, () => '')).toThrow(ApiConfigError);
    expect(() => resolveRedcapHooks(withHook, { DET: 'short-secret' }, () => '')).toThrow(
      /DET must be at least 32/,
    );
    try {
      resolveRedcapHooks(withHook, { DET: 'short-secret' }, () => '');
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret');
    }
  });
});
