import { isMwlError } from '@mwl/domain';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, InternalError, RateLimitedError, RequestValidationError } from './errors.ts';

export const PROBLEM_JSON = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  problems?: { path: string; message: string }[];
}

export function problemOf(error: ApiError): Problem {
  return {
    type: `urn:mwl-bridge:problem:${error.code}`,
    title: error.name.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'),
    status: error.status,
    code: error.code,
    detail: error.message,
    ...(error.problems ? { problems: [...error.problems] } : {}),
  };
}

/** Fastify's own errors (schema validation, body too large, bad JSON) as our catalog's. */
function asApiError(error: FastifyError): ApiError {
  if (error.validation) {
    const problems = error.validation.map((v) => ({
      path: `${error.validationContext ?? 'request'}${v.instancePath.replaceAll('/', '.')}`,
      message: v.message ?? 'is invalid',
    }));
    return new RequestValidationError('the request does not match its schema', problems);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's messages name limits and content types, never body values.
    return new ApiError(
      `MWL_ERR_API_REQUEST_${error.code?.replace(/^FST_ERR_/, '') ?? 'INVALID'}`,
      status,
      error.message,
    );
  }
  return new InternalError();
}

/** Every error leaves as problem+json; unknown errors are logged (without PHI) and answered 500. */
export function installProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = error instanceof ApiError ? error : asApiError(error);
    if (apiError.status >= 500) {
      request.log.error(
        {
          errName: error.name,
          errCode: isMwlError(error) ? error.code : (error as { code?: string }).code,
          url: request.routeOptions.url,
        },
        'request failed',
      );
    }
    if (apiError instanceof RateLimitedError) reply.header('retry-after', String(apiError.retryAfterSeconds));
    if (apiError.status === 401) reply.header('www-authenticate', 'Bearer');
    return reply.code(apiError.status).type(PROBLEM_JSON).send(problemOf(apiError));
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = problemOf(new ApiError('MWL_ERR_API_NO_ROUTE', 404, 'no such route'));
    return reply.code(404).type(PROBLEM_JSON).send(problem);
  });
}
