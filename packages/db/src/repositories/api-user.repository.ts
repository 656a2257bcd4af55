import type { ApiUser } from '../generated/client.ts';
import type { DbClient } from './db-client.ts';

export interface NewApiUser {
  username: string;
  role: string;
  passwordHash: string;
}

/** Returns null when the username is taken. */
export async function createApiUser(db: DbClient, user: NewApiUser): Promise<ApiUser | null> {
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO api_user (username, role, password_hash)
    VALUES (${user.username}, ${user.role}, ${user.passwordHash})
    ON CONFLICT DO NOTHING RETURNING id`;
  const id = rows[0]?.id;
  return id === undefined ? null : db.apiUser.findUnique({ where: { id } });
}

export async function findApiUser(db: DbClient, username: string): Promise<ApiUser | null> {
  return db.apiUser.findUnique({ where: { username } });
}

/** Sets a new password hash and ends the user's sessions; false when no such user. */
export async function setApiUserPassword(
  db: DbClient,
  username: string,
  passwordHash: string,
): Promise<boolean> {
  const { count } = await db.apiUser.updateMany({ where: { username }, data: { passwordHash } });
  if (count > 0) await db.apiSession.deleteMany({ where: { user: { username } } });
  return count > 0;
}

/** Disables a user and ends their sessions; false when no such user. */
export async function disableApiUser(db: DbClient, username: string, at: Date): Promise<boolean> {
  const { count } = await db.apiUser.updateMany({ where: { username }, data: { disabledAt: at } });
  if (count > 0) await db.apiSession.deleteMany({ where: { user: { username } } });
  return count > 0;
}
