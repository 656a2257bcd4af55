import { MwlError } from '@mwl/domain';

/**
 * A response dataset that cannot be written on the wire: an unknown keyword, a value that does not
 * fit its VR, or a character the declared Specific Character Set cannot represent. Messages name
 * the attribute keyword, never its value (values are patient data).
 */
export class DimseEncodingError extends MwlError {
  readonly keyword: string | undefined;

  constructor(message: string, options?: { keyword?: string; cause?: unknown }) {
    super('MWL_ERR_DIMSE_ENCODING', message, options);
    this.keyword = options?.keyword;
  }
}

/**
 * The operation was cancelled: a C-CANCEL for its message ID arrived, or the association ended.
 * `responder.pending()` rejects with it so a streaming handler stops at its next send.
 */
export class DimseCancelledError extends MwlError {
  constructor(message = 'DIMSE operation cancelled', options?: { cause?: unknown }) {
    super('MWL_ERR_DIMSE_CANCELLED', message, options);
  }
}

/** The server is misconfigured (empty AE title list, bad limits) or used out of order. */
export class DimseConfigError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_DIMSE_CONFIG', message, options);
  }
}

/** The listening socket could not be bound (port in use, address not available, ...). */
export class DimseListenError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_DIMSE_LISTEN', message, options);
  }
}

/** The package's API was called in a way it does not allow (a pending status that is not pending). */
export class DimseUsageError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_DIMSE_USAGE', message, options);
  }
}

/** A received data set whose bytes do not parse (lengths past the end, unknown item tags, ...). */
export class DimseDecodingError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_DIMSE_DECODING', message, options);
  }
}
