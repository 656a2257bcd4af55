import type { ApiSession, ApiUser } from '../generated/client.ts';
import type { DbClient } from './db-client.ts';

export interface NewApiSession {
  /** sha256 (hex) of the cookie value. */
  idHash: string;
  userId: bigint;
  csrfToken: string;
  expiresAt: Date;
}

export async function createApiSession(db: DbClient, session: NewApiSession): Promise<void> {
  await db.apiSession.create({ data: session });
}

/** The session with its user, when it has not expired and the user is not disabled. */
export async function findLiveApiSession(
  db: DbClient,
  idHash: string,
  now: Date,
): Promise<(ApiSession & { user: ApiUser }) | null> {
  return db.apiSession.findFirst({
    where: { idHash, expiresAt: { gt: now }, user: { disabledAt: null } },
    include: { user: true },
  });
}

export async function deleteApiSession(db: DbClient, idHash: string): Promise<void> {
  await db.apiSession.deleteMany({ where: { idHash } });
}

export async function deleteExpiredApiSessions(db: DbClient, now: Date): Promise<number> {
  const { count } = await db.apiSession.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
