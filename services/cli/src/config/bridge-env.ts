import { aeTitleSchema, envInt, envPort, envSecret } from '@mwl/config';
import { parseEncryptionKey } from '@mwl/queue';
import { z } from 'zod';

const encryptionKey = z.string().transform((raw, ctx) => {
  try {
    return parseEncryptionKey(raw);
  } catch {
    ctx.issues.push({
      code: 'custom',
      input: '',
      message: 'expected 32 bytes written as 64 hex digits or base64',
    });
    return z.NEVER;
  }
});

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * The environment of `mwl-bridge start` (and what `check-config` checks). Without `DATABASE_URL`
 * the worklist lives in an embedded PostgreSQL (PGlite) in `MWL_DATA_DIR`; without `REDIS_URL` the
 * queue and the source scheduler run in the process. Secrets may also be given as `<NAME>_FILE`.
 * Command-line options win over these variables, which win over the config file.
 */
export const bridgeEnvSchema = z.object({
  DATABASE_URL: envSecret(
    z.string().regex(/^postgres(?:ql)?:\/\//, 'expected a postgresql:// URL'),
  ).optional(),
  REDIS_URL: envSecret(z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')).optional(),
  /** The config file when `--config` is not given. */
  MWL_CONFIG: z.string().min(1).optional(),
  /** The embedded database's folder (no DATABASE_URL). */
  MWL_DATA_DIR: z.string().min(1).default('data'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]{1,64}$/, 'expected 1-64 characters A-Z a-z 0-9 _ - { }')
    .default('mwl'),
  QUEUE_ENCRYPTION_KEY: envSecret(encryptionKey).optional(),
  GATEWAY_HOST: z.string().min(1).optional(),
  GATEWAY_PORT: envPort().optional(),
  GATEWAY_AE_TITLE: aeTitleSchema.optional(),
  HEALTH_HOST: z.string().min(1).default('0.0.0.0'),
  HEALTH_PORT: envPort().default(9464),
  LOG_LEVEL: logLevel.default('info'),
  WRITER_CONCURRENCY: envInt({ min: 1, max: 64 }).default(2),
  /** Fewest cancellations the writer's `cancel_threshold` applies to. */
  CANCEL_HOLD_MINIMUM: envInt({ min: 0 }).default(5),
  STARTUP_CHECK_TIMEOUT_MS: envInt({ min: 1_000 }).default(30_000),
  SHUTDOWN_DEADLINE_MS: envInt({ min: 1_000 }).default(15_000),
});

export type BridgeEnv = z.output<typeof bridgeEnvSchema>;

/** The variables `query` and `migrate` read: where the worklist is. */
export const storageEnvSchema = bridgeEnvSchema.pick({ DATABASE_URL: true, MWL_DATA_DIR: true });
export type StorageEnv = z.output<typeof storageEnvSchema>;
