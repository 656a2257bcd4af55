import { aeTitleSchema, databaseEnvShape, envInt, envPort, processEnvShape } from '@mwl/config';
import { z } from 'zod';

/**
 * The gateway's own variables (also read by `mwl-bridge start`). The DICOM settings live in the
 * config file's `gateway` section; these override the few a deployment sets per container.
 */
export const gatewayEnvShape = {
  GATEWAY_HOST: z.string().min(1).optional(),
  GATEWAY_PORT: envPort().optional(),
  GATEWAY_AE_TITLE: aeTitleSchema.optional(),
  /** Database connections; each running C-FIND holds one only while a page is read. */
  DB_POOL_SIZE: envInt({ min: 1, max: 100 }).default(10),
  /** Waiting for a database connection longer than this fails the query (0xC000). */
  DB_CONNECT_TIMEOUT_MS: envInt({ min: 100, max: 60_000 }).default(2_000),
  /** Waiting for one page of matches longer than this fails the query (0xC000). */
  CFIND_QUERY_TIMEOUT_MS: envInt({ min: 100, max: 600_000 }).default(3_000),
  CFIND_PAGE_SIZE: envInt({ min: 1, max: 10_000 }).default(200),
};

/** The gateway service's environment. `DATABASE_URL` may also be given as `DATABASE_URL_FILE`. */
export const gatewayEnvSchema = z.object({ ...processEnvShape, ...databaseEnvShape, ...gatewayEnvShape });

export type GatewayEnv = z.output<typeof gatewayEnvSchema>;
