import { createPrismaClient, createWorklistFindRepository } from '@mwl/db';
import { createGateway, type ClusteredGateway, type GatewayOptions } from '@mwl/gateway';
import type { Logger } from '@mwl/observability';

export const BENCH_CALLED_AE = 'MWL_BENCH';

/** The gateway options of bench:cfind: room for 128 concurrent associations in every process. */
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
 * the query timeout as their statement_timeout so a page is one statement, closed with the gateway.
 */
export function startBenchGateway(databaseUrl: string, port: number, logger: Logger): ClusteredGateway {
  const options = benchGatewayOptions(port);
  const prisma = createPrismaClient({
    databaseUrl,
    poolSize: 10,
    applicationName: 'mwl-bench-gateway',
    statementTimeoutMillis: options.queryTimeoutMs,
  });
  const gateway = createGateway({
    logger,
    repository: createWorklistFindRepository(prisma, { poolStatementTimeoutMs: options.queryTimeoutMs }),
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
