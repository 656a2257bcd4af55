import { MwlError } from '@mwl/domain';

/**
 * The queue package's error catalog. Messages name queues, jobs and schema paths, never payload
 * values: job payloads carry patient data.
 */

/** A payload that does not match its schema, or cannot be decrypted: retrying cannot help. */
export class InvalidPayloadError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_QUEUE_PAYLOAD', message, options);
  }
}

/** `QUEUE_ENCRYPTION_KEY` is not 32 bytes of base64 or hex. */
export class InvalidEncryptionKeyError extends MwlError {
  constructor(message: string) {
    super('MWL_ERR_QUEUE_KEY', message);
  }
}

/** A snapshot that cannot be published as given (bad id, entries of another source, ...). */
export class InvalidSnapshotError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_QUEUE_SNAPSHOT', message, options);
  }
}

/** The transport is closed or closing: nothing more is published or consumed. */
export class TransportClosedError extends MwlError {
  constructor() {
    super('MWL_ERR_QUEUE_CLOSED', 'the queue transport is closed');
  }
}

/**
 * Thrown by a job handler when retrying cannot succeed (a rule violated by the data itself). The
 * transport fails the job at once instead of retrying it.
 */
export class PermanentJobError extends MwlError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Whether a handler's error must fail its job without retries. */
export function isPermanentFailure(error: unknown): boolean {
  return error instanceof InvalidPayloadError || error instanceof PermanentJobError;
}

/** Redis did not accept a publish in time: the caller retries later (nothing waits in memory). */
export class QueueUnavailableError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_QUEUE_UNAVAILABLE', message, options);
  }
}
