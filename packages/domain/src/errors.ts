/**
 * Base of every error the project throws on purpose. `code` is stable and documented: callers,
 * logs and alerts match on it, never on the message. Messages never carry patient data.
 */
export class MwlError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A value that is not valid for its DICOM VR or for the worklist entry schema. */
export class InvalidValueError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_INVALID_VALUE', message, options);
  }
}

export function isMwlError(error: unknown): error is MwlError {
  return error instanceof MwlError;
}
