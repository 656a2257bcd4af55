import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { echoscu } from '@mwl/dimse/testing';
import { createLogger } from '@mwl/observability';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayClusterError } from './errors.ts';
import { createGatewayCluster, SINGLE_THREADED_GC, type GatewayCluster } from './gateway-cluster.ts';
import { TEST_AE } from './test-support.ts';

const logger = createLogger({ service: 'gateway-cluster-test', level: 'silent' });
const fixture = fileURLToPath(new URL('./gateway-cluster.fixture.ts', import.meta.url));
const open: GatewayCluster[] = [];

function cluster(processes: number): GatewayCluster {
  const created = createGatewayCluster({
    processes,
    logger,
    startGateway: () => {
      throw new Error('the primary never builds a gateway itself');
    },
    exec: fixture,
    execArgv: ['--import', 'tsx'],
    env: { MWL_TEST_GATEWAY_PROCESSES: String(processes) },
  });
  open.push(created);
  return created;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close({ deadlineMs: 1_000 })));
});

describe('createGatewayCluster', () => {
  it('shares one DICOM port between gateway processes and stops them all on close', async () => {
    const gateways = cluster(2);
    expect(gateways.role).toBe('primary');
    const { host, port } = await gateways.listen();
    expect(gateways.isListening()).toBe(true);
    const pids = gateways.pids();
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(process.pid);
    for (const pid of pids) {
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain(SINGLE_THREADED_GC);
    }
    const echoes = await Promise.all(
      Array.from({ length: 6 }, () => echoscu({ host, port, calledAeTitle: TEST_AE })),
    );
    expect(echoes.every((echo) => echo.ok)).toBe(true);
    await gateways.close({ deadlineMs: 1_000 });
    expect(pids.some(alive)).toBe(false);
    expect(gateways.isListening()).toBe(false);
  }, 60_000);

  it('replaces a gateway process that dies, and keeps answering', async () => {
    const gateways = cluster(2);
    const { host, port } = await gateways.listen();
    const [victim] = gateways.pids();
    process.kill(victim!, 'SIGKILL');
    await expect
      .poll(() => gateways.pids().length === 2 && !gateways.pids().includes(victim!), {
        timeout: 30_000,
      })
      .toBe(true);
    await expect.poll(() => gateways.isListening(), { timeout: 30_000 }).toBe(true);
    expect((await echoscu({ host, port, calledAeTitle: TEST_AE })).ok).toBe(true);
  }, 60_000);

  it('runs the gateway in this process when processes is 1', async () => {
    let built = 0;
    const single = createGatewayCluster({
      processes: 1,
      logger,
      startGateway: () => {
        built++;
        return {
          listen: () => Promise.resolve({ host: '127.0.0.1', port: 1 }),
          isListening: () => true,
          close: () => Promise.resolve(),
        };
      },
    });
    expect(single.role).toBe('single');
    await single.listen();
    expect(built).toBe(1);
    expect(single.pids()).toEqual([process.pid]);
  });

  it.each([0, 65, 1.5])('refuses %s processes', (processes) => {
    expect(() => cluster(processes)).toThrow(GatewayClusterError);
  });
});
