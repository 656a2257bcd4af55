import {
  databaseUrlSchema,
  processEnvShape,
  queueEnvShape,
  redisUrlSchema,
  requireQueueEncryption,
} from '@mwl/config';
import { fetcherEnvShape } from '@mwl/fetcher';
import { gatewayEnvShape } from '@mwl/gateway';
import { writerEnvShape } from '@mwl/writer';
import { z } from 'zod';

/** Where the worklist is: a PostgreSQL server, else the embedded database in a data folder. */
const storageEnvShape = {
  DATABASE_URL: databaseUrlSchema.optional(),
  /** The embedded database's folder (no DATABASE_URL). */
  MWL_DATA_DIR: z.string().min(1).default('data'),
};

/**
 * The environment of `mwl-bridge start` (and what `check-config` checks): the services' own
 * variables, the same names and meanings as in their containers. Without `DATABASE_URL` the
 * worklist lives in an embedded PostgreSQL (PGlite) in `MWL_DATA_DIR`; without `REDIS_URL` the
 * queue and the source scheduler run in the process. Secrets may also be given as `<NAME>_FILE`.
 * Command-line options win over these variables, which win over the config file.
 */
export const bridgeEnvSchema = z
  .object({
    ...processEnvShape,
    ...storageEnvShape,
    ...queueEnvShape,
    REDIS_URL: redisUrlSchema.optional(),
    ...writerEnvShape,
    ...gatewayEnvShape,
    ...fetcherEnvShape,
  })
  .check(requireQueueEncryption);

export type BridgeEnv = z.output<typeof bridgeEnvSchema>;

/** The variables `query` and `migrate` read: where the worklist is. */
export const storageEnvSchema = z.object(storageEnvShape);
export type StorageEnv = z.output<typeof storageEnvSchema>;
