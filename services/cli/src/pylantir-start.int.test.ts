import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { captureIo } from './test-io.ts';
import { FIXTURES, freePort, scrubbedEnv, spawnBridge, type SpawnedBridge } from './test-support.ts';

/**
 * Acceptance 2, the "run" half: `start` with Pylantir's own flags and its sample configs as they
 * are. REDCap and Calpendo are not reachable here: the sources fail their startup checks, and the
 * rest runs. The cases run one after another on one data folder (a new one costs an initdb).
 */

let dir: string;
let running: SpawnedBridge | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-cli-pylantir-'));
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe("mwl-bridge start with Pylantir's flags and configs", () => {
  it.each([
    ['pylantir-legacy-full.json', 'redcap', true],
    ['pylantir-data-sources.json', 'main_redcap', true],
    ['pylantir-calpendo.json', 'calpendo_3t', false],
  ])(
    'boots with %s, answers C-ECHO as the --AEtitle given, and stops with exit 0',
    async (file, source, allowList) => {
      const closed = await freePort();
      const env = scrubbedEnv({
        REDCAP_API_URL: `https://127.0.0.1:${closed}/api/`,
        REDCAP_API_TOKEN: '0123456789ABCDEF0123456789ABCDEF',
        CALPENDO_API_URL: `https://127.0.0.1:${closed}`,
        CALPENDO_USERNAME: 'mwl',
        CALPENDO_PASSWORD: 'not-a-real-password',
        STARTUP_CHECK_TIMEOUT_MS: '2000',
      });
      const port = await freePort();
      running = spawnBridge(
        [
          '--pylantir_config',
          join(FIXTURES, file),
          '--AEtitle',
          'PYLANTIR_AE',
          '--ip',
          '127.0.0.1',
          '--port',
          String(port),
          '--data-dir',
          join(dir, 'data'),
          '--health-port',
          '0',
          '--api-port',
          '0',
        ],
        env,
      );
      const started = await running.started;
      expect(started.gateway).toEqual({ host: '127.0.0.1', port, aeTitles: ['PYLANTIR_AE'] });
      expect(started.sources).toEqual([expect.objectContaining({ name: source, state: 'check-failed' })]);
      const echo = (callingAe: string) =>
        runCli(['echo', '--port', String(port), '--aec', 'PYLANTIR_AE', '--aet', callingAe], captureIo());
      expect(await echo('MRI_SCANNER')).toBe(0);
      // Pylantir's allowed_aet is enforced.
      const stranger = captureIo();
      const code = await runCli(
        ['echo', '--port', String(port), '--aec', 'PYLANTIR_AE', '--aet', 'STRANGER'],
        stranger,
      );
      expect(code).toBe(allowList ? 1 : 0);
      if (allowList) expect(stranger.err()).toContain('calling AE title not recognized');
      expect((await running.stop('SIGTERM')).code).toBe(0);
      running = undefined;
    },
  );
});
