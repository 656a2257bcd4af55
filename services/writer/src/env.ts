import { envInt, envPort, envSecret } from '@mwl/config';
import { parseEncryptionKey } from '@mwl/queue';
import { z } from 'zod';

/** A fraction from 0 to 1, written as a decimal (`0.5`). */
function envFraction() {
  return z.string().transform((raw, ctx) => {
    const text = raw.trim();
    const value = Number(text);
    if (!/^(?:0|1|0?\.\d+|1\.0*)$/.test(text) || value < 0 || value > 1) {
      ctx.issues.push({ code: 'custom', input: raw, message: 'expected a number from 0 to 1, e.g. 0.5' });
      return z.NEVER;
    }
    return value;
  });
}

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

/** The writer's environment. Secrets may also be given as `<NAME>_FILE`. */
export const writerEnvSchema = z.object({
  DATABASE_URL: envSecret(z.string().regex(/^postgres(?:ql)?:\/\//, 'expected a postgresql:// URL')),
  REDIS_URL: envSecret(z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')),
  /** BullMQ key prefix, shared with the fetchers of the deployment. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]{1,64}$/, 'expected 1-64 characters A-Z a-z 0-9 _ - { }')
    .default('mwl'),
  /** 32 bytes (64 hex digits or base64): job payloads in Redis are AES-256-GCM encrypted. */
  QUEUE_ENCRYPTION_KEY: envSecret(encryptionKey).optional(),
  /** Entry batches written at once (each is one statement on its own connection). */
  WRITER_CONCURRENCY: envInt({ min: 1, max: 64 }).default(2),
  HEALTH_PORT: envPort().default(9464),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Share of a window's active items above which a snapshot's cancellations are held. */
  CANCEL_THRESHOLD: envFraction().default(0.5),
  /** Fewest cancellations the threshold applies to (smaller cancellations always go through). */
  CANCEL_HOLD_MINIMUM: envInt({ min: 0 }).default(5),
  /** A job whose worker stops renewing its lock this long is taken over (BullMQ lockDuration). */
  WRITER_LOCK_DURATION_MS: envInt({ min: 1_000 }).default(30_000),
  /** How often stalled jobs are looked for (BullMQ stalledInterval). */
  WRITER_STALLED_INTERVAL_MS: envInt({ min: 500 }).default(30_000),
  /** Keep below the orchestrator's grace period (Kubernetes: 30 s). */
  SHUTDOWN_DEADLINE_MS: envInt({ min: 1_000 }).default(25_000),
});

export type WriterEnv = z.output<typeof writerEnvSchema>;
