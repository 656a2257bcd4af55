import { findActiveApiToken, findLiveApiSession, touchApiToken, type PrismaClient } from '@mwl/db';
import type { FastifyRequest } from 'fastify';
import { CsrfError, ForbiddenError, RateLimitedError, UnauthenticatedError } from '../errors.ts';
import { readCookie } from './cookies.ts';
import type { FailureLimiter } from './rate-limiter.ts';
import { isRole, roleAllows, type Principal, type Role } from './roles.ts';
import { constantTimeEqual, sha256 } from './secrets.ts';

export interface AuthenticatorDeps {
  prisma: PrismaClient;
  limiter: FailureLimiter;
  cookieName: string;
  clock: () => Date;
  onTouchError: (error: unknown) => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer ([\w.~+/-]{1,256}=*)$/;

export interface Authenticator {
  /** The request's principal with at least `role`; throws 401/403/429 problems. */
  require(request: FastifyRequest, role: Role): Promise<Principal>;
  /** The session principal, if any (for reading the current session). */
  session(request: FastifyRequest): Promise<Principal | null>;
}

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const { prisma, limiter } = deps;

  function guard(address: string): void {
    const wait = limiter.blockedFor(address);
    if (wait > 0) throw new RateLimitedError(wait);
  }

  async function fromToken(header: string, address: string): Promise<Principal> {
    guard(address);
    const token = BEARER.exec(header)?.[1];
    const row = token === undefined ? null : await findActiveApiToken(prisma, sha256(token));
    if (!row || !isRole(row.role)) {
      limiter.fail(address);
      throw new UnauthenticatedError('the bearer token is unknown or revoked');
    }
    touchApiToken(prisma, row.id, deps.clock()).catch(deps.onTouchError);
    return { kind: 'token', name: row.name, role: row.role };
  }

  async function session(request: FastifyRequest): Promise<Principal | null> {
    const value = readCookie(request.headers.cookie, deps.cookieName);
    if (value === undefined) return null;
    const sessionHash = sha256(value);
    const row = await findLiveApiSession(prisma, sessionHash, deps.clock());
    if (!row || !isRole(row.user.role)) return null;
    return {
      kind: 'user',
      name: row.user.username,
      role: row.user.role,
      csrfToken: row.csrfToken,
      sessionHash,
    };
  }

  return {
    session,
    async require(request, role) {
      const header = request.headers.authorization;
      let principal: Principal | null;
      if (header !== undefined) {
        principal = await fromToken(header, request.ip);
      } else {
        principal = await session(request);
        if (!principal) throw new UnauthenticatedError();
        if (!SAFE_METHODS.has(request.method)) {
          const sent = request.headers['x-csrf-token'];
          if (typeof sent !== 'string' || !constantTimeEqual(sent, principal.csrfToken ?? ''))
            throw new CsrfError();
        }
      }
      if (!roleAllows(principal.role, role)) throw new ForbiddenError(role);
      return principal;
    },
  };
}
