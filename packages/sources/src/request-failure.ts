import {
  HttpTransportError,
  SourceResponseError,
  SourceTimeoutError,
  SourceUnavailableError,
} from './errors.ts';

/**
 * The error a source client throws once its retries are spent: transport failures become timeout
 * or unavailable errors naming the system, and every message says how many attempts were made.
 */
export function finalRequestError(
  system: string,
  error: unknown,
  attempts: number,
  timeoutMs: number,
): unknown {
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  if (error instanceof HttpTransportError) {
    return error.kind === 'timeout'
      ? new SourceTimeoutError(`${system} did not answer within ${timeoutMs} ms (${tries})`, { cause: error })
      : new SourceUnavailableError(`${system} could not be reached: ${error.message} (${tries})`, {
          cause: error,
        });
  }
  if (error instanceof SourceUnavailableError && attempts > 1) {
    return new SourceUnavailableError(`${error.message} (${tries})`, {
      cause: error,
      httpStatus: error.httpStatus,
    });
  }
  if (error instanceof SourceResponseError && attempts > 1) {
    return new SourceResponseError(`${error.message} (${tries})`, { cause: error });
  }
  return error;
}
