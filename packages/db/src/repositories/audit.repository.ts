import type { AuditEvent, Prisma } from '../generated/client.ts';
import type { DbClient } from './db-client.ts';

export interface AuditInput {
  actorKind: 'token' | 'user' | 'cli' | 'hook';
  actor: string;
  action: string;
  targetType?: string;
  targetId?: string;
  /** Counts and codes only: never patient values. */
  detail?: Prisma.InputJsonObject;
}

export async function recordAudit(db: DbClient, event: AuditInput, at?: Date): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorKind: event.actorKind,
      actor: event.actor,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      detail: event.detail ?? {},
      ...(at ? { at } : {}),
    },
  });
}

export interface AuditQuery {
  targetType?: string;
  targetId?: string;
  limit: number;
  /** Events with an id below this one (paging back in time). */
  beforeId?: bigint;
}

export async function listAudit(db: DbClient, query: AuditQuery): Promise<AuditEvent[]> {
  return db.auditEvent.findMany({
    where: {
      ...(query.targetType !== undefined ? { targetType: query.targetType } : {}),
      ...(query.targetId !== undefined ? { targetId: query.targetId } : {}),
      ...(query.beforeId !== undefined ? { id: { lt: query.beforeId } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit,
  });
}
