// The gateway of the DIMSE benches (bench:cfind, bench:mpps, bench:vs-wlmscpfs), assembled as
// run-gateway.ts assembles the service, and run as a cluster through createGatewayCluster (the
// factory behind `gateway.processes`).
import { fileURLToPath } from 'node:url';
import { createMppsRepository, createPrismaClient, createWorklistFindRepository } from '@mwl/db';
import {
  createGateway,
  createGatewayCluster,
  type ClusteredGateway,
  type GatewayCluster,
  type GatewayOptions,
} from '@mwl/gateway';
import { createLogger, type Logger } from '@mwl/observability';

export const BENCH_CALLED_AE = 'MWL_BENCH';
/** application_name of the gateway's database connections (to read their backends' CPU). */
export const BENCH_GATEWAY_APPLICATION = 'mwl-bench-gateway';

/** The gateway options of the benches: room for 128 concurrent associations in every process. */
export function benchGatewayOptions(port: number): GatewayOptions {
  return {
    host: '127.0.0.1',
    port,
    aeTitles: [BENCH_CALLED_AE],
    callingAeAllowList: null,
    callingAeAddressBinding: {},
    maxAssociations: 160,
    // Every load client comes from this machine's one address (the default allows 5 per address).
    limits: { maxAssociationsPerAddress: 160 },
    maxPduLength: 65_536,
    idleTimeoutMs: 30_000,
    maxResults: 1_000,
    pageSize: 200,
    queryTimeoutMs: 3_000,
    pnCaseInsensitive: true,
    charsetPerAe: {},
  };
}

/**
 * One gateway process as the service builds it (run-gateway.ts): own pool, whose connections carry
 * the query timeout as their statement_timeout so a page is one statement, C-FIND and MPPS, closed
 * with the gateway.
 */
export function startBenchGateway(databaseUrl: string, port: number, logger: Logger): ClusteredGateway {
  const options = benchGatewayOptions(port);
  const prisma = createPrismaClient({
    databaseUrl,
    poolSize: 10,
    applicationName: BENCH_GATEWAY_APPLICATION,
    statementTimeoutMillis: options.queryTimeoutMs,
  });
  const gateway = createGateway({
    logger,
    repository: createWorklistFindRepository(prisma, { poolStatementTimeoutMs: options.queryTimeoutMs }),
    mpps: { repository: createMppsRepository(prisma), timezone: 'UTC' },
    options,
  });
  return {
    listen: () => gateway.listen(),
    isListening: () => gateway.isListening(),
    async close(options) {
      await gateway.close(options);
      await prisma.$disconnect();
    },
  };
}

/** Node options of a bench's child process: this process's, and a CPU profile with BENCH_PROFILE_DIR. */
export function benchChildExecArgv(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return [...process.execArgv, ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
}

/**
 * The gateway in `processes` processes on one port (gateway-process.ts each), on the scratch
 * database. BENCH_PROFILE_DIR: a CPU profile of each gateway process (node --cpu-prof).
 */
export async function startBenchGatewayCluster(
  databaseUrl: string,
  processes: number,
): Promise<{ cluster: GatewayCluster; host: string; port: number }> {
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const cluster = createGatewayCluster({
    processes,
    logger,
    startGateway: () => startBenchGateway(databaseUrl, 0, logger),
    exec: fileURLToPath(new URL('./gateway-process.ts', import.meta.url)),
    // BENCH_GATEWAY_FLAGS: more Node flags for the gateway processes only (`--trace-gc`).
    execArgv: [
      ...benchChildExecArgv(),
      ...(process.env.BENCH_GATEWAY_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
    ],
    env: { BENCH_GATEWAY_DATABASE_URL: databaseUrl, BENCH_GATEWAY_PROCESSES: String(processes) },
  });
  const { host, port } = await cluster.listen();
  return { cluster, host, port };
}
