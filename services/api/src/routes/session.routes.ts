import { createApiSession, deleteApiSession, deleteExpiredApiSessions, findApiUser } from '@mwl/db';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { clearedSessionCookie, sessionCookie } from '../auth/cookies.ts';
import { createDecoyHash, verifyPassword } from '../auth/password.ts';
import { isRole } from '../auth/roles.ts';
import { generateSecret, sha256 } from '../auth/secrets.ts';
import { RateLimitedError, SignInFailedError, UnauthenticatedError } from '../errors.ts';
import { problems } from '../openapi.ts';
import { principalOf, requireRole } from './guard.ts';

const sessionSchema = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    role: { type: 'string', enum: ['read', 'write', 'admin'] },
    csrfToken: { type: 'string', description: 'send it as x-csrf-token with every state-changing request' },
    expiresAt: { type: 'string', nullable: true },
  },
} as const;

export function registerSessionRoutes(scope: FastifyInstance, context: ApiContext): void {
  const cookie = { name: context.options.cookieName, secure: context.options.secureCookies };
  let decoy: Promise<string> | undefined;

  scope.post<{ Body: { username: string; password: string } }>(
    '/session',
    {
      schema: {
        summary: 'Sign in (sets an HttpOnly, SameSite=Strict session cookie)',
        tags: ['session'],
        security: [],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 64 },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
        response: { 200: sessionSchema, ...problems(400, 401, 429, 503) },
      },
    },
    async (request, reply) => {
      const address = request.ip;
      const wait = context.limiter.blockedFor(address);
      if (wait > 0) throw new RateLimitedError(wait);
      const { username, password } = request.body;
      const user = await findApiUser(context.prisma, username);
      const hash = user?.passwordHash ?? (await (decoy ??= createDecoyHash(context.options.scrypt)));
      const matches = await context.hashGate(() => verifyPassword(password, hash));
      if (!user || !matches || user.disabledAt !== null || !isRole(user.role)) {
        context.limiter.fail(address);
        context.metrics.authFailure('sign_in');
        throw new SignInFailedError();
      }
      context.limiter.reset(address);
      const id = generateSecret();
      const csrfToken = generateSecret();
      const expiresAt = new Date(context.clock().getTime() + context.options.sessionTtlSeconds * 1000);
      // Expired sessions go at each sign-in: the table stays as small as the live sessions.
      await deleteExpiredApiSessions(context.prisma, context.clock());
      await createApiSession(context.prisma, { idHash: sha256(id), userId: user.id, csrfToken, expiresAt });
      await context.audit({ kind: 'user', name: user.username, role: user.role }, 'session.sign_in', {
        type: 'user',
        id: user.username,
      });
      reply.header('set-cookie', sessionCookie(cookie, id, context.options.sessionTtlSeconds));
      reply.header('cache-control', 'no-store');
      return { username: user.username, role: user.role, csrfToken, expiresAt: expiresAt.toISOString() };
    },
  );

  scope.get(
    '/session',
    {
      schema: {
        summary: 'The current session (for a page reload: gives the CSRF token again)',
        tags: ['session'],
        response: { 200: sessionSchema, ...problems(401) },
      },
    },
    async (request, reply) => {
      const principal = await context.authenticator.session(request);
      if (!principal) throw new UnauthenticatedError('not signed in');
      reply.header('cache-control', 'no-store');
      return {
        username: principal.name,
        role: principal.role,
        csrfToken: principal.csrfToken,
        expiresAt: null,
      };
    },
  );

  scope.delete(
    '/session',
    {
      onRequest: requireRole(context, 'read'),
      schema: {
        summary: 'Sign out (needs x-csrf-token)',
        tags: ['session'],
        response: { 204: { type: 'null', description: 'signed out' }, ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.sessionHash) {
        await deleteApiSession(context.prisma, principal.sessionHash);
        await context.audit(principal, 'session.sign_out', { type: 'user', id: principal.name });
      }
      reply.header('set-cookie', clearedSessionCookie(cookie));
      return reply.code(204).send();
    },
  );
}
