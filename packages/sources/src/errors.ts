import { MwlError } from '@mwl/domain';

/**
 * The errors a source throws on purpose. Codes are stable; messages name fields, variables and
 * HTTP statuses, never a patient value or a secret.
 */

/** A source's `config`/`field_mapping` or its environment (token, URL) cannot be used. */
export class SourceConfigError extends MwlError {
  readonly problems: readonly { path: string; message: string }[];

  constructor(message: string, problems: readonly { path: string; message: string }[] = []) {
    super('MWL_ERR_SOURCE_CONFIG', message);
    this.problems = problems;
  }
}

/** A config `type` that is neither registered nor an installed package exporting a plugin. */
export class UnknownSourceTypeError extends MwlError {
  readonly knownTypes: readonly string[];

  constructor(type: string, knownTypes: readonly string[], options?: { cause?: unknown }) {
    super(
      'MWL_ERR_SOURCE_UNKNOWN_TYPE',
      `unknown source type "${type}": known types are ${knownTypes.map((t) => `"${t}"`).join(', ')}, ` +
        'or the name of an installed npm package that exports a source plugin',
      options,
    );
    this.knownTypes = knownTypes;
  }
}

/** An installed package named by `type` that does not export a valid plugin object. */
export class InvalidSourcePluginError extends MwlError {
  constructor(type: string, reason: string, options?: { cause?: unknown }) {
    super('MWL_ERR_SOURCE_INVALID_PLUGIN', `package "${type}" is not a source plugin: ${reason}`, options);
  }
}

/** The source rejected our credentials (HTTP 401/403). Not retried. */
export class SourceAuthError extends MwlError {
  readonly httpStatus: number;

  constructor(message: string, httpStatus: number) {
    super('MWL_ERR_SOURCE_AUTH', message);
    this.httpStatus = httpStatus;
  }
}

/** The source refused the request (another HTTP 4xx): a config or mapping problem. Not retried. */
export class SourceRequestError extends MwlError {
  readonly httpStatus: number;

  constructor(message: string, httpStatus: number) {
    super('MWL_ERR_SOURCE_REQUEST', message);
    this.httpStatus = httpStatus;
  }
}

/** The source answered, but not with what its API documents (invalid JSON, unexpected shape). */
export class SourceResponseError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_SOURCE_RESPONSE', message, options);
  }
}

/** The source kept failing (HTTP 5xx, network errors) through every retry. */
export class SourceUnavailableError extends MwlError {
  readonly httpStatus: number | undefined;

  constructor(message: string, options?: { cause?: unknown; httpStatus?: number }) {
    super('MWL_ERR_SOURCE_UNAVAILABLE', message, options);
    this.httpStatus = options?.httpStatus;
  }
}

/** The source did not answer in time, through every retry. */
export class SourceTimeoutError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_SOURCE_TIMEOUT', message, options);
  }
}

/** The caller aborted the fetch (shutdown, lost lock). */
export class SourceAbortedError extends MwlError {
  constructor(options?: { cause?: unknown }) {
    super('MWL_ERR_SOURCE_ABORTED', 'the fetch was aborted', options);
  }
}

/** Fields the mapping needs that the source project does not have (startup check). */
export class SourceFieldsMissingError extends MwlError {
  readonly missingFields: readonly string[];

  constructor(missingFields: readonly string[]) {
    super(
      'MWL_ERR_SOURCE_FIELDS_MISSING',
      `the source project has no field named ${missingFields.map((f) => `"${f}"`).join(', ')} ` +
        '(used by selection or field_mapping)',
    );
    this.missingFields = missingFields;
  }
}

/** A transport failure below HTTP (for the retry policy); wrapped before it leaves a plugin. */
export class HttpTransportError extends MwlError {
  readonly kind: 'timeout' | 'network';

  constructor(kind: 'timeout' | 'network', message: string, options?: { cause?: unknown }) {
    super(kind === 'timeout' ? 'MWL_ERR_HTTP_TIMEOUT' : 'MWL_ERR_HTTP_NETWORK', message, options);
    this.kind = kind;
  }
}

/**
 * A file source's file is not a whole, settled table: it changed while it was read, its last line
 * is cut, a row lacks columns, or its JSON ends early. Likely still being written: nothing is
 * published (nothing cancelled); the next tick reads it again.
 */
export class SourceFileUnstableError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_SOURCE_FILE_UNSTABLE', message, options);
  }
}

/** A response (or a streamed export's record or row count) exceeded its configured limit. */
export class SourceResponseTooLargeError extends MwlError {
  readonly limit: number;

  constructor(message: string, limit: number) {
    super('MWL_ERR_SOURCE_RESPONSE_TOO_LARGE', message);
    this.limit = limit;
  }
}
