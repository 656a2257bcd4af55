import { envInt, envPort, envSecret } from '@mwl/config';
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

const SOURCE_NAME = /^[a-z0-9_-]{1,64}$/;

/** `a,b , c` → `['a','b','c']`; each a source name. */
const sourceList = z.string().transform((raw, ctx) => {
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const bad = names.filter((name) => !SOURCE_NAME.test(name));
  if (bad.length > 0) {
    ctx.issues.push({
      code: 'custom',
      input: raw,
      message: `not source names: ${bad.map((n) => `"${n}"`).join(', ')} (lower-case letters, digits, _ and -)`,
    });
    return z.NEVER;
  }
  return names;
});

/** The fetcher's environment. Secrets may also be given as `<NAME>_FILE`. */
export const fetcherEnvSchema = z.object({
  /** The mwl-bridge config file (Pylantir's form accepted): its `data_sources`. */
  MWL_CONFIG: z.string().min(1),
  DATABASE_URL: envSecret(z.string().regex(/^postgres(?:ql)?:\/\//, 'expected a postgresql:// URL')),
  REDIS_URL: envSecret(z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')),
  /** BullMQ key prefix, shared with the writer of the deployment. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]{1,64}$/, 'expected 1-64 characters A-Z a-z 0-9 _ - { }')
    .default('mwl'),
  /** 32 bytes (64 hex digits or base64): job payloads in Redis are AES-256-GCM encrypted. */
  QUEUE_ENCRYPTION_KEY: envSecret(encryptionKey).optional(),
  /** Comma-separated source names; absent: every enabled source (`--source` arguments win). */
  FETCHER_SOURCES: sourceList.optional(),
  HEALTH_HOST: z.string().min(1).default('0.0.0.0'),
  HEALTH_PORT: envPort().default(9464),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A source's startup check (REDCap metadata) is given up after this long. */
  STARTUP_CHECK_TIMEOUT_MS: envInt({ min: 1_000 }).default(30_000),
  /** A tick whose replica stops renewing its lock this long may be taken over (BullMQ lockDuration). */
  FETCHER_LOCK_DURATION_MS: envInt({ min: 5_000 }).default(60_000),
  /** Keep below the orchestrator's grace period (Kubernetes: 30 s). */
  SHUTDOWN_DEADLINE_MS: envInt({ min: 1_000 }).default(25_000),
});

export type FetcherEnv = z.output<typeof fetcherEnvSchema>;

/**
 * `--source a --source b`, `--source=a,b`: the sources to run. Returns undefined when none is
 * named; throws on an unknown argument or a bad name (main prints it and exits).
 */
export function parseFetcherArgs(argv: readonly string[]): { sources?: string[] } {
  const sources: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let value: string | undefined;
    if (arg === '--source') value = argv[++i];
    else if (arg.startsWith('--source=')) value = arg.slice('--source='.length);
    else throw new Error(`unknown argument "${arg}" (expected --source NAME)`);
    if (value === undefined || value.startsWith('--')) throw new Error('--source needs a source name');
    const parsed = sourceList.safeParse(value);
    if (!parsed.success) throw new Error(`--source: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    sources.push(...parsed.data);
  }
  return sources.length > 0 ? { sources: [...new Set(sources)] } : {};
}
