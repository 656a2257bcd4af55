import { MwlError } from '@mwl/domain';

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
