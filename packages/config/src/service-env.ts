import { z } from 'zod';
import { decodeEncryptionKey } from './encryption-key.ts';
import { envInt, envPort, envSecret } from './env.ts';

/**
 * The environment every mwl-bridge process shares, in pieces each service spreads into its own
 * schema (`z.object({ ...processEnvShape, ...databaseEnvShape, ...serviceShape })`), so a variable
 * means the same thing in every container and in `mwl-bridge start`.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const databaseUrlSchema = envSecret(
  z.string().regex(/^postgres(?:ql)?:\/\//, 'expected a postgresql:// URL'),
);

export const redisUrlSchema = envSecret(
  z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL'),
);

export const encryptionKeySchema = envSecret(
  z.string().transform((raw, ctx) => {
    const key = decodeEncryptionKey(raw);
    if (key !== undefined) return key;
    ctx.issues.push({
      code: 'custom',
      input: '',
      message: 'expected 32 bytes written as 64 hex digits or base64',
    });
    return z.NEVER;
  }),
);

/** Every process: its config file, logs, probes and shutdown. */
export const processEnvShape = {
  /** The mwl-bridge config file (Pylantir's forms accepted); `--config` wins. */
  MWL_CONFIG: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** `/health/live`, `/health/ready`, `/metrics`; all interfaces, probes come from outside. */
  HEALTH_HOST: z.string().min(1).default('0.0.0.0'),
  HEALTH_PORT: envPort().default(9464),
  /** The whole ordered shutdown; keep it below the orchestrator's grace period (Kubernetes: 30 s). */
  SHUTDOWN_DEADLINE_MS: envInt({ min: 1_000 }).default(25_000),
};

/** Processes that use the PostgreSQL server. */
export const databaseEnvShape = {
  DATABASE_URL: databaseUrlSchema,
};

/** Processes that use the Redis queue (the writer, the fetchers, the api). */
export const queueEnvShape = {
  REDIS_URL: redisUrlSchema,
  /** BullMQ key prefix, shared by every process of one deployment. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]{1,64}$/, 'expected 1-64 characters A-Z a-z 0-9 _ - { }')
    .default('mwl'),
  /** 32 bytes (64 hex digits or base64): job payloads in Redis are AES-256-GCM encrypted. */
  QUEUE_ENCRYPTION_KEY: encryptionKeySchema.optional(),
  /** `off` is the only way to use Redis without QUEUE_ENCRYPTION_KEY: patient data in clear. */
  QUEUE_ENCRYPTION: z.enum(['on', 'off']).default('on'),
};

interface QueueEncryptionEnv {
  REDIS_URL?: string | undefined;
  QUEUE_ENCRYPTION_KEY?: Buffer | undefined;
  QUEUE_ENCRYPTION: 'on' | 'off';
}

/**
 * Job payloads are patient data: with Redis, a key is required unless encryption is explicitly
 * off. Add to a schema with `.check(requireQueueEncryption)`.
 */
export function requireQueueEncryption(ctx: z.core.ParsePayload<QueueEncryptionEnv>): void {
  const env = ctx.value;
  if (env.REDIS_URL === undefined || env.QUEUE_ENCRYPTION === 'off') return;
  if (env.QUEUE_ENCRYPTION_KEY !== undefined) return;
  ctx.issues.push({
    code: 'custom',
    input: undefined,
    path: ['QUEUE_ENCRYPTION_KEY'],
    message:
      'required with REDIS_URL (set QUEUE_ENCRYPTION_KEY or QUEUE_ENCRYPTION_KEY_FILE; ' +
      'generate one with `openssl rand -hex 32`), or set QUEUE_ENCRYPTION=off to store job payloads in clear',
  });
}

/** The key the queue transports get: none when encryption is off. */
export function queueEncryptionKeyOf(env: QueueEncryptionEnv): Buffer | null {
  return env.QUEUE_ENCRYPTION === 'off' ? null : (env.QUEUE_ENCRYPTION_KEY ?? null);
}
