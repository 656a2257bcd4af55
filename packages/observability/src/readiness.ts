import { isMwlError } from '@mwl/domain';
import type { Logger } from 'pino';
import { HealthCheckTimeoutError } from './errors.ts';

/** A dependency probe: resolves when the dependency answers, rejects (or hangs) when it does not. */
export type HealthCheck = () => Promise<void>;

export type CheckResult =
  | { ok: true; durationMs: number }
  | { ok: false; durationMs: number; error: { code: string; message: string } };

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckResult>;
}

/**
 * Runs every check at once, each bounded by `timeoutMs`. The report names each failure by its
 * `code` (`ECONNREFUSED`, `MWL_ERR_...`) or error name, with a message of our own: a driver's
 * message can quote a connection string or a row, so it goes to the log, never into the answer.
 */
export async function runReadinessChecks(
  checks: Readonly<Record<string, HealthCheck>>,
  timeoutMs: number,
  logger: Logger,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(
      async ([name, check]) => [name, await runCheck(name, check, timeoutMs, logger)] as const,
    ),
  );
  const results = Object.fromEntries(entries);
  const ok = entries.every(([, result]) => result.ok);
  return { status: ok ? 'ok' : 'unavailable', checks: results };
}

async function runCheck(
  name: string,
  check: HealthCheck,
  timeoutMs: number,
  logger: Logger,
): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthCheckTimeoutError(name, timeoutMs)), timeoutMs);
  });
  try {
    // `then` also catches a check that throws synchronously instead of rejecting.
    await Promise.race([Promise.resolve().then(check), timeout]);
    return { ok: true, durationMs: elapsed(started) };
  } catch (error) {
    logger.warn({ err: error, check: name }, 'readiness check failed');
    return { ok: false, durationMs: elapsed(started), error: describeCheckError(error, timeoutMs) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/** A short, safe description: a stable code and a message that quotes nothing from the error. */
export function describeCheckError(error: unknown, timeoutMs: number): { code: string; message: string } {
  if (error instanceof HealthCheckTimeoutError) {
    return { code: error.code, message: `timed out after ${timeoutMs} ms` };
  }
  const code = errorCode(error);
  // Our own errors promise PHI-free messages; still, keep the answer short.
  if (isMwlError(error)) return { code, message: truncate(error.message, 200) };
  return { code, message: 'check failed (details in the service log)' };
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && /^[\w.-]{1,64}$/.test(code)) return code;
    if (typeof name === 'string' && /^[\w.-]{1,64}$/.test(name)) return name;
  }
  return 'UNKNOWN';
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
