import {
  createApiToken,
  createApiUser,
  disableApiUser,
  recordAudit,
  revokeApiToken,
  setApiUserPassword,
  type ApiToken,
  type ApiUser,
  type PrismaClient,
} from '@mwl/db';
import { ConflictError, NotFoundError, RequestValidationError } from '../errors.ts';
import { hashPassword, passwordProblem, type ScryptParams } from './password.ts';
import { isRole, ROLES, type Role } from './roles.ts';
import { generateToken, sha256 } from './secrets.ts';

/**
 * Creating and revoking credentials, for `mwl-bridge token|user` and tests: each write is audited
 * with who did it (`actor`: the operating-system user of the command, or a principal).
 */
export interface Actor {
  kind: 'cli' | 'token' | 'user';
  name: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

function checkName(what: string, name: string): void {
  if (!NAME.test(name)) {
    throw new RequestValidationError(`invalid ${what}`, [
      {
        path: what,
        message: 'must be 1-64 characters of A-Z a-z 0-9 . _ @ -, starting with a letter or digit',
      },
    ]);
  }
}

function checkRole(role: string): Role {
  if (!isRole(role)) {
    throw new RequestValidationError('invalid role', [
      { path: 'role', message: `must be one of ${ROLES.join(', ')}` },
    ]);
  }
  return role;
}

/** Creates a token; the token itself is returned once and stored only as its sha256. */
export async function issueToken(
  prisma: PrismaClient,
  actor: Actor,
  name: string,
  role: string,
): Promise<{ token: string; row: ApiToken }> {
  checkName('name', name);
  const token = generateToken();
  const row = await createApiToken(prisma, { name, role: checkRole(role), tokenHash: sha256(token) });
  if (!row) throw new ConflictError(`a token named "${name}" exists (names stay taken after revocation)`);
  await recordAudit(prisma, {
    actorKind: actor.kind,
    actor: actor.name,
    action: 'token.create',
    targetType: 'token',
    targetId: name,
    detail: { role },
  });
  return { token, row };
}

export async function revokeToken(prisma: PrismaClient, actor: Actor, name: string, at: Date): Promise<void> {
  if (!(await revokeApiToken(prisma, name, at))) throw new NotFoundError('active token');
  await recordAudit(prisma, {
    actorKind: actor.kind,
    actor: actor.name,
    action: 'token.revoke',
    targetType: 'token',
    targetId: name,
  });
}

export async function createUser(
  prisma: PrismaClient,
  actor: Actor,
  user: { username: string; role: string; password: string },
  params?: ScryptParams,
): Promise<ApiUser> {
  checkName('username', user.username);
  const role = checkRole(user.role);
  const problem = passwordProblem(user.password);
  if (problem) throw new RequestValidationError('invalid password', [{ path: 'password', message: problem }]);
  const row = await createApiUser(prisma, {
    username: user.username,
    role,
    passwordHash: await hashPassword(user.password, params),
  });
  if (!row) throw new ConflictError(`a user named "${user.username}" exists`);
  await recordAudit(prisma, {
    actorKind: actor.kind,
    actor: actor.name,
    action: 'user.create',
    targetType: 'user',
    targetId: user.username,
    detail: { role },
  });
  return row;
}

/** Sets a new password; the user's sessions end. */
export async function changePassword(
  prisma: PrismaClient,
  actor: Actor,
  username: string,
  password: string,
  params?: ScryptParams,
): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new RequestValidationError('invalid password', [{ path: 'password', message: problem }]);
  if (!(await setApiUserPassword(prisma, username, await hashPassword(password, params))))
    throw new NotFoundError('user');
  await recordAudit(prisma, {
    actorKind: actor.kind,
    actor: actor.name,
    action: 'user.passwd',
    targetType: 'user',
    targetId: username,
  });
}

/** Disables a user; their sessions end. */
export async function disableUser(
  prisma: PrismaClient,
  actor: Actor,
  username: string,
  at: Date,
): Promise<void> {
  if (!(await disableApiUser(prisma, username, at))) throw new NotFoundError('user');
  await recordAudit(prisma, {
    actorKind: actor.kind,
    actor: actor.name,
    action: 'user.disable',
    targetType: 'user',
    targetId: username,
  });
}
