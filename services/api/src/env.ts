import {
  databaseEnvShape,
  envPort,
  processEnvShape,
  queueEnvShape,
  requireQueueEncryption,
} from '@mwl/config';
import { z } from 'zod';

/**
 * The api service's environment: PostgreSQL (what it shows and audits) and Redis (manual items and
 * Data Entry Triggers travel through the queue to the writer and the fetchers). It listens on the
 * config file's `api.host`/`api.port` (API_HOST/API_PORT override them per container, as
 * GATEWAY_HOST/GATEWAY_PORT do the gateway's); probes on HEALTH_PORT like every service. Secrets may
 * also be given as `<NAME>_FILE`, and so may the trigger secrets the config's sources name.
 */
export const apiEnvSchema = z
  .object({
    ...processEnvShape,
    ...databaseEnvShape,
    ...queueEnvShape,
    API_HOST: z.string().min(1).optional(),
    API_PORT: envPort().optional(),
  })
  .check(requireQueueEncryption);

export type ApiEnv = z.output<typeof apiEnvSchema>;
