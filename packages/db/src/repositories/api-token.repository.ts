import type { ApiToken } from '../generated/client.ts';
import type { DbClient } from './db-client.ts';

export interface NewApiToken {
  name: string;
  role: string;
  /** sha256 (hex) of the token; the token itself is never stored. */
  tokenHash: string;
}

/** Returns null when the name is taken (tokens keep their name after revocation). */
export async function createApiToken(db: DbClient, token: NewApiToken): Promise<ApiToken | null> {
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO api_token (name, role, token_hash) VALUES (${token.name}, ${token.role}, ${token.tokenHash})
    ON CONFLICT DO NOTHING RETURNING id`;
  const id = rows[0]?.id;
  return id === undefined ? null : db.apiToken.findUnique({ where: { id } });
}

export async function listApiTokens(db: DbClient): Promise<ApiToken[]> {
  return db.apiToken.findMany({ orderBy: { id: 'asc' } });
}

/** Revokes a token by name; false when no active token has that name. */
export async function revokeApiToken(db: DbClient, name: string, at: Date): Promise<boolean> {
  const { count } = await db.apiToken.updateMany({
    where: { name, revokedAt: null },
    data: { revokedAt: at },
  });
  return count > 0;
}

/** The active (not revoked) token with this hash. */
export async function findActiveApiToken(db: DbClient, tokenHash: string): Promise<ApiToken | null> {
  return db.apiToken.findFirst({ where: { tokenHash, revokedAt: null } });
}

/** Records a use; at most one write per token and `resolutionMs` (a busy client is not a write per call). */
export async function touchApiToken(
  db: DbClient,
  id: bigint,
  at: Date,
  resolutionMs = 60_000,
): Promise<void> {
  const before = new Date(at.getTime() - resolutionMs);
  await db.apiToken.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: before } }] },
    data: { lastUsedAt: at },
  });
}
