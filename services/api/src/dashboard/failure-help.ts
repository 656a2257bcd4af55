/**
 * A failed sync run's code (`MWL_ERR_*`, stored as `CODE: message` in `sync_run.error` by the
 * writer) in words for the Sources page. Codes come from @mwl/sources, the fetcher and the writer.
 */
const FAILURE_WORDS: Record<string, string> = {
  MWL_ERR_SOURCE_AUTH:
    'The source refused our credentials: the API token or password is wrong, expired or lacks rights.',
  MWL_ERR_SOURCE_CONFIG: 'The source settings cannot be used (config file, field mapping, token or URL).',
  MWL_ERR_SOURCE_UNKNOWN_TYPE: 'The source type in the config file is not known.',
  MWL_ERR_SOURCE_INVALID_PLUGIN: 'The source plugin package is not valid.',
  MWL_ERR_SOURCE_REQUEST: 'The source refused the request: usually a wrong setting or field name.',
  MWL_ERR_SOURCE_RESPONSE: 'The source answered with something unexpected (not what its API documents).',
  MWL_ERR_SOURCE_UNAVAILABLE:
    'The source could not be reached or kept failing (server down or network problem).',
  MWL_ERR_SOURCE_TIMEOUT: 'The source did not answer in time.',
  MWL_ERR_SOURCE_ABORTED: 'The sync was stopped (shutdown or restart) before it finished.',
  MWL_ERR_FETCH_ABORTED: 'The sync was stopped (shutdown or restart) before it finished.',
  MWL_ERR_SOURCE_FIELDS_MISSING:
    'The source project lacks fields the mapping needs (renamed or deleted in the project).',
  MWL_ERR_HTTP_TIMEOUT: 'The source did not answer in time.',
  MWL_ERR_HTTP_NETWORK: 'The source could not be reached over the network.',
  MWL_ERR_SOURCE_FILE_UNSTABLE:
    'The file was still being written while it was read; the next sync reads it again.',
  MWL_ERR_SOURCE_RESPONSE_TOO_LARGE: 'The source sent more than the configured limit.',
  MWL_ERR_FETCHER_CONFIG: 'The fetcher settings cannot be used.',
  MWL_ERR_FETCH_PROTOCOL: 'The source plugin broke the fetch protocol (a bug to report).',
  MWL_ERR_FETCH_PROGRESS: 'The sync position could not be saved.',
  MWL_ERR_FETCHER_SOURCE_STALE: 'The source has not synced successfully for too long.',
  MWL_ERR_FETCH_FAILED: 'The sync failed for an unexpected reason (see the service log).',
  MWL_ERR_WRITER_BATCH_FAILED: 'Some records could not be written to the worklist database.',
  MWL_ERR_WRITER_BATCH_MISSING: 'Some records were not confirmed by the worklist writer.',
};

export interface FailureDescription {
  code: string;
  words: string;
  /** The stored message after the code (names settings and statuses, never patient data). */
  detail: string;
}

/** Splits a stored `CODE: message` and puts the code in words (unknown codes: the message alone). */
export function describeFailure(error: string): FailureDescription {
  const match = /^(MWL_ERR_[A-Z0-9_]+):\s*([\s\S]*)$/.exec(error);
  if (!match) return { code: '', words: 'The sync failed.', detail: error };
  const code = match[1]!;
  return { code, words: FAILURE_WORDS[code] ?? 'The sync failed.', detail: match[2] ?? '' };
}
