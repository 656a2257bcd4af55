import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { echoscu, findscu } from '@mwl/dimse/testing';
import { createTestDatabase, type TestDatabase } from '@mwl/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrubbedEnv, spawnCli, waitFor, waitForReady, type SpawnedCli } from './test-support.ts';

/** `gateway.processes`: `mwl-bridge gateway` as several processes sharing the DICOM port. */

let dir: string;
let database: TestDatabase;
const running: SpawnedCli[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-gateway-processes-'));
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(running.map((process) => process.stop('SIGKILL')));
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

/** The live child processes of `pid` (the gateway processes the primary forked). */
async function childrenOf(pid: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({
    stdout: '',
  }));
  return stdout.split('\n').flatMap((line) => (line.trim() === '' ? [] : [Number(line)]));
}

describe('mwl-bridge gateway with gateway.processes', () => {
  it('answers from two processes on one port, sums their metrics on the health port and stops all on SIGTERM', async () => {
    const config = join(dir, 'mwl.json');
    await writeFile(
      config,
      JSON.stringify({
        gateway: { ae_title: 'MWL_BRIDGE', allow_any: true, processes: 2 },
        data_sources: [],
      }),
    );
    const gateway = spawnCli(
      ['gateway', '--config', config],
      scrubbedEnv({ DATABASE_URL: database.databaseUrl, HEALTH_PORT: '0', GATEWAY_PORT: '0' }),
    );
    running.push(gateway);

    const health = await gateway.logLine<{ port: number }>('health server listening');
    const dicom = await gateway.logLine<{ port: number; processes: number }>(
      'gateway listening in several processes',
    );
    expect(dicom.processes).toBe(2);
    await waitForReady(health.port);
    const pid = gateway.child.pid!;
    expect(await childrenOf(pid)).toHaveLength(2);

    const peer = { host: '127.0.0.1', port: dicom.port, calledAeTitle: 'MWL_BRIDGE' };
    const queries = 6;
    for (let i = 0; i < queries; i++) {
      const found = await findscu(peer, { keys: ['PatientID='] });
      expect(found.finalStatus).toBe(0);
    }
    expect((await echoscu(peer)).ok).toBe(true);

    // Each process counts its own queries; the primary's /metrics asks both and adds them up.
    const counted = await waitFor('the queries in the summed metrics', async () => {
      const text = await (await fetch(`http://127.0.0.1:${health.port}/metrics`)).text();
      const total = [...text.matchAll(/^mwl_gateway_cfind_queries_total\{[^}]*\} (\d+)/gm)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
      return total === queries ? total : undefined;
    });
    expect(counted).toBe(queries);

    const children = await childrenOf(pid);
    expect((await gateway.stop('SIGTERM')).code).toBe(0);
    const alive = children.filter((child) => {
      try {
        process.kill(child, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});
