import {
  databaseEnvShape,
  envInt,
  processEnvShape,
  queueEnvShape,
  requireQueueEncryption,
  SOURCE_NAME_PATTERN,
} from '@mwl/config';
import { z } from 'zod';

/** `a,b , c` → `['a','b','c']`; each a source name. */
export const sourceListSchema = z.string().transform((raw, ctx) => {
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const bad = names.filter((name) => !SOURCE_NAME_PATTERN.test(name));
  if (bad.length > 0) {
    ctx.issues.push({
      code: 'custom',
      input: raw,
      message: `not source names: ${bad.map((n) => `"${n}"`).join(', ')}`,
    });
    return z.NEVER;
  }
  return names;
});

/** The fetcher's own variables (the timeouts are also read by `mwl-bridge start`). */
export const fetcherEnvShape = {
  /** A source's startup check (REDCap metadata) is given up after this long. */
  STARTUP_CHECK_TIMEOUT_MS: envInt({ min: 1_000 }).default(30_000),
  /** A tick whose replica stops renewing its lock this long may be taken over (BullMQ lockDuration). */
  FETCHER_LOCK_DURATION_MS: envInt({ min: 5_000 }).default(60_000),
};

/** The fetcher service's environment. Secrets may also be given as `<NAME>_FILE`. */
export const fetcherEnvSchema = z
  .object({
    ...processEnvShape,
    ...databaseEnvShape,
    ...queueEnvShape,
    ...fetcherEnvShape,
    /** Comma-separated source names; absent: every enabled source (`--source` arguments win). */
    FETCHER_SOURCES: sourceListSchema.optional(),
  })
  .check(requireQueueEncryption);

export type FetcherEnv = z.output<typeof fetcherEnvSchema>;
