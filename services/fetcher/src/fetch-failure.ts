import { isMwlError } from '@mwl/domain';
import { SourceAbortedError } from '@mwl/sources';
import { FetchAbortedError } from './errors.ts';

export interface FetchFailure {
  /** `MWL_ERR_…`, stable: alerts and the dashboard match on it. */
  code: string;
  /** Safe to store and show: never a patient value, never a response body. */
  message: string;
}

const CODE = /^MWL_ERR_[A-Z0-9_]+$/;
const MAX_MESSAGE = 1000;

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
  if (isMwlError(error) && CODE.test(error.code)) {
    return { code: error.code, message: error.message.slice(0, MAX_MESSAGE) };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return {
    code: 'MWL_ERR_FETCH_FAILED',
    message: `the fetch failed with an unexpected ${name} (details are not recorded: they may hold data)`,
  };
}
