import {
  databaseEnvShape,
  envInt,
  processEnvShape,
  queueEnvShape,
  requireQueueEncryption,
} from '@mwl/config';
import { z } from 'zod';

/** The writer's own variables (also read by `mwl-bridge start`). Its policy is the config file's `writer`. */
export const writerEnvShape = {
  /** Entry batches written at once (each is one statement on its own connection). */
  WRITER_CONCURRENCY: envInt({ min: 1, max: 64 }).default(2),
  /** A job whose worker stops renewing its lock this long is taken over (BullMQ lockDuration). */
  WRITER_LOCK_DURATION_MS: envInt({ min: 1_000 }).default(30_000),
  /** How often stalled jobs are looked for (BullMQ stalledInterval). */
  WRITER_STALLED_INTERVAL_MS: envInt({ min: 500 }).default(30_000),
};

/** The writer service's environment. Secrets may also be given as `<NAME>_FILE`. */
export const writerEnvSchema = z
  .object({ ...processEnvShape, ...databaseEnvShape, ...queueEnvShape, ...writerEnvShape })
  .check(requireQueueEncryption);

export type WriterEnv = z.output<typeof writerEnvSchema>;
