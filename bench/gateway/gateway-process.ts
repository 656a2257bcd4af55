// One gateway process of the DIMSE benches, forked by createGatewayCluster (the same factory the service
// uses), with the scratch database and settings its primary put in the environment.
import { createGatewayCluster } from '@mwl/gateway';
import { createLogger } from '@mwl/observability';
import { startBenchGateway } from './bench-gateway.ts';

const databaseUrl = process.env.BENCH_GATEWAY_DATABASE_URL;
if (!databaseUrl) throw new Error('BENCH_GATEWAY_DATABASE_URL is not set');
const logger = createLogger({ service: 'bench-gateway', level: 'warn' });
const cluster = createGatewayCluster({
  processes: Number(process.env.BENCH_GATEWAY_PROCESSES),
  logger,
  startGateway: () => startBenchGateway(databaseUrl, 0, logger),
});
await cluster.listen();
