import type { WriterConfig } from '@mwl/config';
import type { PrismaClient } from '@mwl/db';
import type { QueueTransport } from '@mwl/queue';
import type { Logger } from '@mwl/observability';
import type { ServiceUnit } from '@mwl/runtime';
import { createWriterHandlers } from './writer-handlers.ts';
import type { WriterMetrics } from './writer-metrics.ts';

export interface WriterServiceDeps {
  prisma: PrismaClient;
  /** Owned by the caller; closing it stops consumption (jobs in hand finish first). */
  transport: Pick<QueueTransport, 'consume'>;
  /** The config file's `writer` section: the same policy in a container and in `start`. */
  config: WriterConfig;
  metrics?: WriterMetrics;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** The writer: consumes the snapshots the fetchers publish and stores them in PostgreSQL. */
export function createWriterService(deps: WriterServiceDeps): ServiceUnit {
  return {
    name: 'writer',
    async start() {
      const cancelPolicy = {
        threshold: deps.config.cancel_threshold,
        minimum: deps.config.cancel_minimum,
        maximum: deps.config.cancel_max,
      };
      await deps.transport.consume(
        createWriterHandlers({
          prisma: deps.prisma,
          ...(deps.metrics && { metrics: deps.metrics }),
          cancelPolicy,
          logger: deps.logger,
        }),
      );
      deps.logger.info({ cancelPolicy }, 'writer consuming');
    },
    // Consumption ends when the caller closes the transport, after the producers in the same
    // process (the fetchers) have stopped: nothing is left for this step to do.
    stop: () => Promise.resolve(),
  };
}
