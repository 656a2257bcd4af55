import { aeTitleSchema, envInt, envPort, envSecret } from '@mwl/config';
import { z } from 'zod';

/**
 * The gateway's environment. The DICOM settings live in the config file's `gateway` section
 * (`MWL_CONFIG`); the variables here override the few a deployment sets per container.
 * `DATABASE_URL` may also be given as `DATABASE_URL_FILE`.
 */
export const gatewayEnvSchema = z.object({
  DATABASE_URL: envSecret(z.string().regex(/^postgres(?:ql)?:\/\//, 'expected a postgresql:// URL')),
  /** Path to the mwl-bridge config file (Pylantir's form accepted); absent: the defaults. */
  MWL_CONFIG: z.string().min(1).optional(),
  GATEWAY_HOST: z.string().min(1).optional(),
  GATEWAY_PORT: envPort().optional(),
  GATEWAY_AE_TITLE: aeTitleSchema.optional(),
  HEALTH_HOST: z.string().min(1).default('0.0.0.0'),
  HEALTH_PORT: envPort().default(9464),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Database connections; each running C-FIND holds one only while a page is read. */
  DB_POOL_SIZE: envInt({ min: 1, max: 100 }).default(10),
  /** Waiting for a database connection longer than this fails the query (0xC000). */
  DB_CONNECT_TIMEOUT_MS: envInt({ min: 100, max: 60_000 }).default(2_000),
  /** Waiting for one page of matches longer than this fails the query (0xC000). */
  CFIND_QUERY_TIMEOUT_MS: envInt({ min: 100, max: 600_000 }).default(3_000),
  CFIND_PAGE_SIZE: envInt({ min: 1, max: 10_000 }).default(200),
  /** In-flight queries get most of it to finish; keep below the orchestrator's grace period. */
  SHUTDOWN_DEADLINE_MS: envInt({ min: 1_000 }).default(25_000),
});

export type GatewayEnv = z.output<typeof gatewayEnvSchema>;
