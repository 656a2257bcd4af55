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

/**
 * An SCU's association was refused (A-ASSOCIATE-RJ). `result` 1 permanent / 2 transient, `source`
 * 1 service user / 2 provider (ACSE) / 3 provider (presentation), `reason` per PS3.8 Table 9-21.
 */
export class ScuAssociationRejectedError extends MwlError {
  readonly result: number;
  readonly source: number;
  readonly reason: number;

  constructor(rejection: { result: number; source: number; reason: number }) {
    super('MWL_ERR_DIMSE_SCU_REJECTED', `association rejected: ${describeRejection(rejection)}`);
    this.result = rejection.result;
    this.source = rejection.source;
    this.reason = rejection.reason;
  }
}

/** An SCU could not reach the peer, lost the connection, or timed out before the final response. */
export class ScuConnectionError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_DIMSE_SCU_CONNECTION', message, options);
  }
}

const REJECT_SOURCES: Readonly<Record<number, string>> = {
  1: 'service user',
  2: 'service provider (ACSE)',
  3: 'service provider (presentation)',
};
const REJECT_REASONS: Readonly<Record<string, string>> = {
  '1:1': 'no reason given',
  '1:2': 'application context name not supported',
  '1:3': 'calling AE title not recognized',
  '1:7': 'called AE title not recognized',
  '2:1': 'no reason given',
  '2:2': 'protocol version not supported',
  '3:1': 'temporary congestion',
  '3:2': 'local limit exceeded',
};

function describeRejection(rejection: { result: number; source: number; reason: number }): string {
  const result =
    rejection.result === 1 ? 'permanent' : rejection.result === 2 ? 'transient' : 'unknown result';
  const source = REJECT_SOURCES[rejection.source] ?? `source ${rejection.source}`;
  const reason = REJECT_REASONS[`${rejection.source}:${rejection.reason}`] ?? `reason ${rejection.reason}`;
  return `${result}, ${source}, ${reason}`;
}
