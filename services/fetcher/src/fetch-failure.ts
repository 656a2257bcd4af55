import { describeError, isMwlError } from '@mwl/domain';
import { SourceAbortedError } from '@mwl/sources';
import { FetchAbortedError } from './errors.ts';

export interface FetchFailure {
  /** `MWL_ERR_…`, stable: alerts and the dashboard match on it. */
  code: string;
  /** Safe to store and show: never a patient value, never a response body. */
  message: string;
}

const CODE = /^MWL_ERR_[A-Z0-9_]+$/;

/**
 * What a failed fetch is recorded as. Our errors (and the plugins', which extend `MwlError`)
 * carry a stable code and a message that names fields, statuses and settings only. Anything else
 * may carry data in its message (a JSON parser quotes the text it choked on): only its class
 * name is kept.
 */
export function describeFetchFailure(error: unknown, aborted: boolean): FetchFailure {
  if (aborted || error instanceof SourceAbortedError || error instanceof FetchAbortedError) {
    const stopped = new FetchAbortedError();
    return { code: stopped.code, message: stopped.message };
  }
  const { code, message } = describeError(error, 'MWL_ERR_FETCH_FAILED');
  if (isMwlError(error) && CODE.test(code)) return { code, message };
  return {
    code: 'MWL_ERR_FETCH_FAILED',
    message: isMwlError(error) ? message : `the fetch failed with ${message}`,
  };
}
