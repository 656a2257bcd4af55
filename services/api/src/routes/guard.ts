import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import type { Principal, Role } from '../auth/roles.ts';
import { UnauthenticatedError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/**
 * An `onRequest` hook: authenticates before the body is even read, so an anonymous client cannot
 * make the api parse anything.
 */
export function requireRole(context: ApiContext, role: Role): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    request.principal = await context.authenticator.require(request, role);
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError();
  return request.principal;
}

/** Security requirement of a route, for its OpenAPI operation. */
export const SECURED: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
