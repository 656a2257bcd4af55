import type { PrismaClient } from '@mwl/db';
import type { GatewayCluster } from '@mwl/gateway';
import { cpuMsOf } from '../support.ts';
import { BENCH_GATEWAY_APPLICATION } from './bench-gateway.ts';

/** CPU ms by process id, of the gateway processes and of their Postgres backends. */
export interface GatewayCpuSample {
  gateway: Map<number, number>;
  postgres: Map<number, number>;
}

/** Reads the gateway's CPU from /proc: its processes, and the backends serving their pools. */
export function createGatewayCpuMeter(prisma: PrismaClient, cluster: GatewayCluster) {
  const byPid = (pids: readonly number[]) => new Map(pids.map((pid) => [pid, cpuMsOf([pid])]));
  return async (): Promise<GatewayCpuSample> => {
    const backends = await prisma.$queryRawUnsafe<{ pid: number }[]>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      BENCH_GATEWAY_APPLICATION,
    );
    return { gateway: byPid(cluster.pids()), postgres: byPid(backends.map((b) => b.pid)) };
  };
}

/** CPU ms used between two samples (a process that appeared in between counts from zero). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Each process's share of the CPU used between two samples, in percent, largest first. */
export function cpuShares(before: Map<number, number>, after: Map<number, number>): number[] {
  const used = [...after].map(([pid, ms]) => ms - (before.get(pid) ?? 0));
  const total = used.reduce((sum, ms) => sum + ms, 0);
  return used.map((ms) => (total > 0 ? (100 * ms) / total : 0)).sort((a, b) => b - a);
}
