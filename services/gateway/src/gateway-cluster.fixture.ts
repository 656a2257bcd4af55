// A gateway process for gateway-cluster.int.test.ts (forked by createGatewayCluster): answers
// C-ECHO only; a C-FIND would fail, as its worklist store is not set up here.
import { createLogger } from '@mwl/observability';
import { createGateway } from './gateway.ts';
import { createGatewayCluster } from './gateway-cluster.ts';
import { testGatewayOptions } from './test-support.ts';

const logger = createLogger({ service: 'gateway-cluster-test', level: 'warn' });
const cluster = createGatewayCluster({
  processes: Number(process.env.MWL_TEST_GATEWAY_PROCESSES),
  logger,
  startGateway: () =>
    createGateway({
      logger,
      repository: {
        countMatches: () => Promise.reject(new Error('no worklist store in this fixture')),
        async *streamMatches() {
          yield* await Promise.reject<[]>(new Error('no worklist store in this fixture'));
          return 'complete' as const;
        },
        async *streamMatchPages() {
          yield* await Promise.reject<[]>(new Error('no worklist store in this fixture'));
          return 'complete' as const;
        },
      },
      options: testGatewayOptions(),
    }),
});
await cluster.listen();
