import { MwlError } from '@mwl/domain';

/**
 * The api's error catalog. Each error is answered as `application/problem+json` (RFC 9457) with its
 * `code` and `status`; messages name fields and settings, never patient values.
 */
export class ApiError extends MwlError {
  readonly status: number;
  /** Field problems of a request that failed validation: paths and messages, no values. */
  readonly problems: readonly { path: string; message: string }[] | undefined;

  constructor(
    code: string,
    status: number,
    message: string,
    options?: { cause?: unknown; problems?: readonly { path: string; message: string }[] },
  ) {
    super(code, message, options);
    this.status = status;
    this.problems = options?.problems;
  }
}

export class UnauthenticatedError extends ApiError {
  constructor(message = 'a valid bearer token or session is required') {
    super('MWL_ERR_API_UNAUTHENTICATED', 401, message);
  }
}

export class ForbiddenError extends ApiError {
  constructor(required: string) {
    super('MWL_ERR_API_FORBIDDEN', 403, `this needs the "${required}" role`);
  }
}

export class CsrfError extends ApiError {
  constructor() {
    super('MWL_ERR_API_CSRF', 403, 'state-changing requests of a session need its x-csrf-token header');
  }
}

export class RateLimitedError extends ApiError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('MWL_ERR_API_RATE_LIMITED', 429, 'too many failed attempts from this address; try again later');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class SignInFailedError extends ApiError {
  constructor() {
    super('MWL_ERR_API_SIGN_IN_FAILED', 401, 'unknown user, wrong password or disabled user');
  }
}

export class NotFoundError extends ApiError {
  constructor(what: string) {
    super('MWL_ERR_API_NOT_FOUND', 404, `${what} not found`);
  }
}

export class RequestValidationError extends ApiError {
  constructor(message: string, problems: readonly { path: string; message: string }[]) {
    super('MWL_ERR_API_VALIDATION', 400, message, { problems });
  }
}

export class ConflictError extends ApiError {
  constructor(message: string) {
    super('MWL_ERR_API_CONFLICT', 409, message);
  }
}

export class UnavailableError extends ApiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_API_UNAVAILABLE', 503, message, options);
  }
}

/**
 * A DICOMweb MPPS create or update refused by the MPPS state machine (the DIMSE status it would
 * have answered is `dimseStatus`), or by its resource state (unknown, already there).
 */
export class MppsRefusedError extends ApiError {
  readonly dimseStatus: number;
  constructor(
    code: string,
    status: number,
    message: string,
    dimseStatus: number,
    problems?: readonly { path: string; message: string }[],
  ) {
    super(code, status, message, problems ? { problems } : undefined);
    this.dimseStatus = dimseStatus;
  }
}

export class HookRejectedError extends ApiError {
  constructor() {
    // One answer for an unknown source, a wrong secret and a refused sender: nothing to probe.
    super('MWL_ERR_API_HOOK_REJECTED', 404, 'no such hook');
  }
}

export class BusyError extends ApiError {
  constructor(message: string) {
    super('MWL_ERR_API_BUSY', 503, message);
  }
}

export class InternalError extends ApiError {
  constructor() {
    super('MWL_ERR_API_INTERNAL', 500, 'internal error (details in the service log)');
  }
}

/** A setting the api cannot run with (a missing hook secret, a bad option). */
export class ApiConfigError extends MwlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MWL_ERR_API_CONFIG', message, options);
  }
}
