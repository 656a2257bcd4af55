import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findscu, type FindscuResult } from '@mwl/dimse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { captureIo } from './test-io.ts';
import {
  demoConfigFor,
  scrubbedEnv,
  spawnBridge,
  waitFor,
  waitForReady,
  type SpawnedBridge,
  type StartedInfo,
  FREE_PORTS,
} from './test-support.ts';

/**
 * Acceptance 1 (and the `query`, `find`, `echo` half of 5): the quick start on a fresh clone, with
 * no DATABASE_URL and no REDIS_URL: PGlite in a data folder and the in-process queue. The tests
 * run in order on one data folder: start, use, stop, inspect, restart.
 */

const KEYS = [
  'PatientName=',
  'PatientID=',
  'StudyInstanceUID=',
  'ScheduledProcedureStepSequence[0].Modality=',
];
const ARGS = (dataDir: string) => ['--data-dir', dataDir, ...FREE_PORTS];
const uids = (result: FindscuResult) => result.responses.map((r) => r.StudyInstanceUID as string).sort();

let dir: string;
let dataDir: string;
let demo: { config: string; csv: string };
let rows: number;
let running: SpawnedBridge | undefined;
let started: StartedInfo;
let first: FindscuResult;

const peer = (port = started.gateway.port) => ({ host: '127.0.0.1', port, calledAeTitle: 'MWL_BRIDGE' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-cli-start-'));
  dataDir = join(dir, 'data');
  demo = await demoConfigFor(dir);
  rows = demo.csv.trim().split('\n').length - 1;
  running = spawnBridge(['--config', demo.config, ...ARGS(dataDir)], scrubbedEnv());
  started = await running.started;
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('mwl-bridge start with no DATABASE_URL and no REDIS_URL', () => {
  it('runs on the embedded database and the in-process queue, and becomes ready', async () => {
    expect(started).toMatchObject({
      storage: 'embedded',
      queue: 'in-process',
      sources: [{ name: 'demo', state: 'ready' }],
    });
    await waitForReady(started.health.port);
  });

  it('runs the api beside the gateway, on its own port, asking for a token', async () => {
    const base = `http://127.0.0.1:${started.api!.port}`;
    // Bodies read to the end: an unread response keeps its connection busy, and the stop waits for it.
    const status = async (path: string) => {
      const response = await fetch(`${base}${path}`);
      await response.arrayBuffer();
      return response.status;
    };
    expect(await status('/health/ready')).toBe(200);
    expect(await status('/api/v1/openapi.json')).toBe(200);
    expect(await status('/api/v1/worklist')).toBe(401);
  });

  it("puts the demo's participants on the worklist findscu reads", async () => {
    first = await waitFor('the demo on the worklist', async () => {
      const result = await findscu(peer(), { keys: KEYS });
      return result.responses.length === rows ? result : undefined;
    });
    expect(first.finalStatus).toBe(0);
    expect(first.responses.map((r) => r.PatientID).sort()).toEqual(
      Array.from({ length: rows }, (_, i) => `sub-${String(i + 1).padStart(3, '0')}`),
    );
    expect(first.responses.find((r) => r.PatientID === 'sub-005')?.PatientName).toBe('Dubois^Élodie');
  });

  it('answers mwl-bridge echo and find', async () => {
    const echo = captureIo();
    expect(await runCli(['echo', '--port', String(started.gateway.port)], echo)).toBe(0);
    expect(echo.out()).toMatch(/C-ECHO MWL_BRIDGE@127\.0\.0\.1:\d+ from MWL_SCU: Success \(0x0000\)/);
    const find = captureIo();
    const args = ['find', '--port', String(started.gateway.port), '--modality', 'CT', '-k', 'PatientName=H*'];
    expect(await runCli(args, find)).toBe(0);
    expect(find.out()).toContain('Haddad^Omar');
    expect(find.out()).toContain('1 match, final status Success (0x0000)');
  });

  it('keeps its data folder to itself while it runs', async () => {
    const busy = captureIo({ env: { MWL_DATA_DIR: dataDir } });
    expect(await runCli(['query'], busy)).toBe(1);
    expect(busy.err()).toContain('MWL_ERR_CLI_DATA_DIR_IN_USE');
  });

  it('stops in order on SIGINT and exits 0 within 5 seconds', async () => {
    const stopped = await running!.stop('SIGINT');
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(5_000);
    expect(running!.output()).toContain(
      '"completed":["api","fetcher","gateway","writer","queue","http","database","health"]',
    );
    running = undefined;
  });

  it('lets query say so when a folder holds no worklist, and create nothing there', async () => {
    const io = captureIo({ cwd: dir });
    expect(await runCli(['query', '--data-dir', 'elsewhere'], io)).toBe(1);
    expect(io.err()).toContain('MWL_ERR_CLI_NO_DATABASE: no worklist in');
    await expect(access(join(dir, 'elsewhere'))).rejects.toThrow();
  });

  it('lets query print the stored worklist as a table and as JSON', async () => {
    const table = captureIo({ env: { MWL_DATA_DIR: dataDir } });
    expect(await runCli(['query', '--modality', 'mr'], table)).toBe(0);
    expect(table.out()).toMatch(/^DATE +TIME +PATIENT NAME +PATIENT ID/);
    expect(table.out()).toContain('Rivera^Maya');
    expect(table.out()).not.toContain('Haddad^Omar');
    const json = captureIo();
    expect(await runCli(['query', '--json', '--data-dir', dataDir], json)).toBe(0);
    const items = JSON.parse(json.out()) as { studyInstanceUid: string; status: string }[];
    expect(items.map((item) => item.studyInstanceUid).sort()).toEqual(uids(first));
    expect(new Set(items.map((item) => item.status))).toEqual(new Set(['SCHEDULED']));
  });

  it('serves the stored worklist after a restart, before any source has run', async () => {
    const config = JSON.parse(await readFile(demo.config, 'utf8')) as {
      data_sources: { enabled?: boolean }[];
    };
    config.data_sources[0]!.enabled = false;
    await writeFile(join(dir, 'disabled.json'), JSON.stringify(config));
    running = spawnBridge(['--config', join(dir, 'disabled.json'), ...ARGS(dataDir)], scrubbedEnv());
    const again = await running.started;
    expect(again.sources).toEqual([]);
    const second = await findscu(peer(again.gateway.port), { keys: KEYS });
    expect(uids(second)).toEqual(uids(first));
    expect((await running.stop('SIGTERM')).code).toBe(0);
    running = undefined;
  });
});
