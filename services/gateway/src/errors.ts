import { isMwlError, MwlError } from '@mwl/domain';

/**
 * The gateway's error catalog. Messages name settings and steps, never query values or rows (both
 * hold patient data).
 */

/** A page of C-FIND matches did not arrive in time: the query is answered 0xC000 instead of hanging. */
export class DatabaseTimeoutError extends MwlError {
  constructor(timeoutMs: number) {
    super('MWL_ERR_GATEWAY_DB_TIMEOUT', `the worklist store did not answer within ${timeoutMs} ms`);
  }
}

/** A setting the gateway cannot run with (an unreadable TLS file, a bad override). */
export class GatewayConfigError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_GATEWAY_CONFIG', message, options);
  }
}

/** The gateway processes could not be started or kept running (see gateway-cluster.ts). */
export class GatewayClusterError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_GATEWAY_CLUSTER', message, options);
  }
}

/**
 * Log fields for an error without patient data: name and code always; the message only for our own
 * errors (a driver's message may quote a value). Prisma driver errors carry the Postgres code.
 */
export function describeError(error: unknown): { errName: string; errCode?: string; errMessage?: string } {
  if (isMwlError(error)) return { errName: error.name, errCode: error.code, errMessage: error.message };
  if (!(error instanceof Error)) return { errName: typeof error };
  const withCode = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
  };
  const cause = withCode.meta?.driverAdapterError?.cause;
  const code =
    typeof cause?.originalCode === 'string'
      ? cause.originalCode
      : typeof cause?.kind === 'string'
        ? cause.kind
        : typeof withCode.code === 'string'
          ? withCode.code
          : undefined;
  return code === undefined ? { errName: error.name } : { errName: error.name, errCode: code };
}
